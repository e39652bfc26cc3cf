package no.varde.simulator.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import no.varde.simulator.ProgressBar;
import org.HdrHistogram.Histogram;

/**
 * The bench's generator, unchanged, publishing to a plain MQTT broker (Mosquitto on this machine).
 * As fast as PUBACKs allow, it shows what the same connections, window and payloads reach when the
 * server does nothing but acknowledge: Varde's rate divided by this one is the share of a bare
 * broker's throughput that Varde keeps while it also authenticates, validates, makes every reading
 * durable in Kafka before PUBACK, detects and stores. Paced at the bench's rate, it shows the PUBACK
 * latency of such a server under the same load on the same cores, the floor for Varde's.
 */
public final class BrokerReference {
    private BrokerReference() {
    }

    /** As fast as acknowledged. */
    public static BenchReferences.Broker measure(BenchClient client, String uri, List<BenchSettings.Connection> connections, int window,
                                                 Duration warmup,
                                                 Duration duration, ProgressBar progress) throws Exception {
        Phase p = run(client, uri, connections, window, 0, warmup, duration, progress, "reference");
        return new BenchReferences.Broker(uri, connections.size(), window, p.seconds(), p.acknowledged(), p.failed(),
                p.acknowledged() / p.seconds(), p.percentileMs(50), p.percentileMs(99));
    }

    /** Paced at {@code rate} msg/s; {@code warmup} can be short after {@link #measure}, which warmed the generator. */
    public static BenchReferences.BrokerAtRate measureAtRate(BenchClient client, String uri, List<BenchSettings.Connection> connections,
                                                             int window, double rate, Duration warmup, Duration duration,
                                                             ProgressBar progress) throws Exception {
        Phase p = run(client, uri, connections, window, rate, warmup, duration, progress, "reference at rate");
        return new BenchReferences.BrokerAtRate(uri, rate, p.seconds(), p.acknowledged(), p.failed(), p.acknowledged() / p.seconds(),
                p.percentileMs(50), p.percentileMs(99), p.percentileMs(99.9));
    }

    /** What one measured phase saw: PUBACK latency in microseconds. */
    private record Phase(double seconds, long acknowledged, long failed, Histogram puback) {
        double percentileMs(double percentile) {
            return puback.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    /** {@code rate} 0 publishes as fast as acknowledged. */
    private static Phase run(BenchClient client, String uri, List<BenchSettings.Connection> connections, int window, double rate,
                             Duration warmup, Duration duration, ProgressBar progress, String name) throws Exception {
        try (BenchGenerator load = BenchGenerator.start(client, uri, connections, rate, window)) {
            watch(load, warmup, name + " warm-up", progress, null);
            load.resetPuback();
            long ackedAtStart = load.acknowledged();
            long started = System.nanoTime();
            Histogram total = new Histogram(3);
            watch(load, duration, name, progress, total);
            double seconds = (System.nanoTime() - started) / 1e9;
            long acknowledged = load.acknowledged() - ackedAtStart;
            load.stopAndDrain();
            return new Phase(seconds, acknowledged, load.failed(), total);
        }
    }

    private static void watch(BenchGenerator load, Duration phase, String name, ProgressBar progress, Histogram total)
            throws InterruptedException {
        long start = System.nanoTime();
        long end = start + phase.toNanos();
        long lastAcked = load.acknowledged();
        while (System.nanoTime() < end) {
            Thread.sleep(Math.max(1, Math.min(1000, (end - System.nanoTime()) / 1_000_000)));
            Histogram h = load.pubackInterval();
            if (total != null) {
                total.add(h);
            }
            long a = load.acknowledged();
            progress.update((System.nanoTime() - start) / (double) phase.toNanos(), String.format(Locale.ROOT,
                    "%-17s %,7d msg/s acked  PUBACK p99 %6.1f ms  %d failed", name, a - lastAcked, h.getValueAtPercentile(99) / 1000.0,
                    load.failed()));
            lastAcked = a;
        }
        progress.done();
    }
}
