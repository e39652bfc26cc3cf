package no.varde.simulator.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import no.varde.simulator.ProgressBar;
import org.HdrHistogram.Histogram;

/**
 * The bench's generator, unchanged, publishing as fast as PUBACKs allow to a plain MQTT broker
 * (Mosquitto on this machine): what the same connections, window and payloads reach when the
 * server does nothing but acknowledge. Varde's rate divided by this one is the share of a bare
 * broker's throughput that Varde keeps while it also authenticates, validates, makes every
 * reading durable in Kafka before PUBACK, detects and stores.
 */
public final class BrokerReference {
    private BrokerReference() {
    }

    public static BenchReferences.Broker measure(BenchClient client, String uri, List<BenchSettings.Connection> connections, int window,
                                                 Duration warmup,
                                                 Duration duration, ProgressBar progress) throws Exception {
        try (BenchGenerator load = BenchGenerator.start(client, uri, connections, 0, window)) {
            watch(load, warmup, "reference warm-up", progress, null);
            load.resetPuback();
            long ackedAtStart = load.acknowledged();
            long started = System.nanoTime();
            Histogram total = new Histogram(3);
            watch(load, duration, "reference", progress, total);
            double seconds = (System.nanoTime() - started) / 1e9;
            long acknowledged = load.acknowledged() - ackedAtStart;
            load.stopAndDrain();
            return new BenchReferences.Broker(uri, connections.size(), window, seconds, acknowledged, load.failed(), acknowledged / seconds,
                    total.getValueAtPercentile(50) / 1000.0, total.getValueAtPercentile(99) / 1000.0);
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
