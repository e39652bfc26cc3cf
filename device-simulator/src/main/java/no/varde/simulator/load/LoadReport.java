package no.varde.simulator.load;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/** The outcome of a load run: throughput, acknowledgement latency percentiles and errors. */
public record LoadReport(String target, int connections, long acknowledged, long failed, double seconds, Histogram latencyMicros) {

    public double messagesPerSecond() {
        return acknowledged / seconds;
    }

    public double percentileMillis(double percentile) {
        return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }

    public String format() {
        return String.format(Locale.ROOT,
                "%s: %d connections, %d acknowledged in %.1f s = %.0f msg/s; PUBACK latency p50 %.2f ms, p99 %.2f ms, "
                        + "p99.9 %.2f ms, max %.2f ms; %d failed",
                target, connections, acknowledged, seconds, messagesPerSecond(), percentileMillis(50), percentileMillis(99),
                percentileMillis(99.9), latencyMicros.getMaxValue() / 1000.0, failed);
    }
}
