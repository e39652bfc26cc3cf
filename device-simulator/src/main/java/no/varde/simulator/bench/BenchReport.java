package no.varde.simulator.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What a bench run measured. Rates are over the measured window (after the warm-up); "lost" is
 * acknowledged minus stored: a message the platform acknowledged and did not store. Written as
 * JSON and charted by {@link BenchChart}.
 */
public record BenchReport(String target, String machine, String generator, int connections, int devices, double targetRate, double seconds,
                          long offered, long acknowledged, long failed, long rejected, long stored, long lost, long behindSchedule,
                          double offeredPerSecond, double achievedPerSecond,
                          double pubackP50Ms, double pubackP99Ms, double pubackP999Ms,
                          double storedP50Ms, double storedP99Ms, double storedP999Ms,
                          double maxLagSeconds, double finalMinuteStoredP99Ms, double firstMinuteStoredP99Ms,
                          boolean sustained, String verdict,
                          List<BenchSample> timeline, List<StoredSecond> storedTimeline, BenchReferences references) {

    /** Publish-to-stored latency of the readings published in one second. */
    public record StoredSecond(int second, long stored, double p50Ms, double p99Ms) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public void writeJson(Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }

    public static BenchReport readJson(Path file) throws IOException {
        return JSON.readValue(file.toFile(), BenchReport.class);
    }

    /** This report with the reference figures measured beside it. */
    public BenchReport withReferences(BenchReferences measured) {
        return new BenchReport(target, machine, generator, connections, devices, targetRate, seconds, offered, acknowledged, failed, rejected, stored,
                lost, behindSchedule, offeredPerSecond, achievedPerSecond, pubackP50Ms, pubackP99Ms, pubackP999Ms, storedP50Ms, storedP99Ms,
                storedP999Ms, maxLagSeconds, finalMinuteStoredP99Ms, firstMinuteStoredP99Ms, sustained, verdict, timeline, storedTimeline,
                measured);
    }

    public String format() {
        return String.format(Locale.ROOT, """
                Bench against %s (%s)
                  %d connections (%s client), %d devices, target %.0f msg/s for %.0f s
                  offered   %,.0f msg/s   achieved (acknowledged) %,.0f msg/s
                  PUBACK    p50 %.1f ms   p99 %.1f ms   p99.9 %.1f ms
                  stored    p50 %.0f ms   p99 %.0f ms   p99.9 %.0f ms  (publish -> row in PostgreSQL)
                  sent %,d   acknowledged %,d   failed %,d   rejected %,d   stored %,d   lost %,d   not sent (behind schedule) %,d
                  stored latency, worst per-second p99: first minute %.0f ms, last minute %.0f ms; newest stored reading at most %.1f s behind
                  %s""", target, machine, connections, generator, devices, targetRate, seconds, offeredPerSecond, achievedPerSecond,
                pubackP50Ms, pubackP99Ms, pubackP999Ms, storedP50Ms, storedP99Ms, storedP999Ms, offered, acknowledged, failed, rejected,
                stored, lost, behindSchedule, firstMinuteStoredP99Ms, finalMinuteStoredP99Ms, maxLagSeconds, verdict)
                + (references == null ? "" : references.format(achievedPerSecond, pubackP99Ms));
    }
}
