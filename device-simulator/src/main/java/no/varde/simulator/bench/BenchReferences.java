package no.varde.simulator.bench;

import java.util.Locale;

/**
 * The reference figures a bench run measures beside Varde, on the same machine in the same run,
 * so its result reads as a ratio rather than a number from a machine nobody else has: a plain
 * MQTT broker's QoS 1 rate under the same generator, its PUBACK latency at the bench's own rate,
 * and {@code psql \copy} of the rows Varde stored. Any may be absent (null) when it was not asked for.
 */
public record BenchReferences(Broker broker, BrokerAtRate brokerAtRate, Copy copy) {

    /** The generator publishing as fast as PUBACKs allow to a reference broker (Mosquitto). */
    public record Broker(String uri, int connections, int window, double seconds, long acknowledged, long failed,
                         double messagesPerSecond, double pubackP50Ms, double pubackP99Ms) {
    }

    /**
     * The generator paced at the bench's rate against the reference broker: the PUBACK latency of a
     * server that only acknowledges (no durable hand-off, no detection) under the same load on the same
     * cores, the floor Varde's PUBACK is read against.
     */
    public record BrokerAtRate(String uri, double offeredPerSecond, double seconds, long acknowledged, long failed,
                               double achievedPerSecond, double pubackP50Ms, double pubackP99Ms, double pubackP999Ms) {
    }

    /** The run's stored rows (or the first {@code rows} of them) loaded by psql's \copy into a table shaped like readings. */
    public record Copy(String tool, long rows, double seconds, double rowsPerSecond) {
    }

    /** Lines for the text report; Varde's achieved rate as a fraction of each reference, its PUBACK p99 as a multiple. */
    String format(double achievedPerSecond, double pubackP99Ms) {
        StringBuilder b = new StringBuilder();
        if (broker != null) {
            b.append(String.format(Locale.ROOT, "%n  reference: %s, same generator as fast as acknowledged (%d connections, window %d, %.0f s): "
                            + "%,.0f msg/s, PUBACK p50 %.1f ms p99 %.1f ms%s%n    Varde / broker: %.2f", broker.uri(), broker.connections(),
                    broker.window(), broker.seconds(), broker.messagesPerSecond(), broker.pubackP50Ms(), broker.pubackP99Ms(),
                    broker.failed() > 0 ? ", " + broker.failed() + " failed" : "", achievedPerSecond / broker.messagesPerSecond()));
        }
        if (brokerAtRate != null) {
            b.append(String.format(Locale.ROOT, "%n  reference: %s, same generator at %,.0f msg/s (%.0f s): %,.0f msg/s acknowledged, "
                            + "PUBACK p50 %.2f ms p99 %.2f ms p99.9 %.2f ms%s%n    Varde's PUBACK p99 / broker's at this rate: %.1f",
                    brokerAtRate.uri(), brokerAtRate.offeredPerSecond(), brokerAtRate.seconds(), brokerAtRate.achievedPerSecond(),
                    brokerAtRate.pubackP50Ms(), brokerAtRate.pubackP99Ms(), brokerAtRate.pubackP999Ms(),
                    brokerAtRate.failed() > 0 ? ", " + brokerAtRate.failed() + " failed" : "",
                    pubackP99Ms / Math.max(brokerAtRate.pubackP99Ms(), 0.001)));
        }
        if (copy != null) {
            b.append(String.format(Locale.ROOT, "%n  reference: %s of %,d of the rows this run stored into a table shaped like readings: "
                    + "%,.0f rows/s in %.1f s%n    Varde / copy: %.2f", copy.tool(), copy.rows(), copy.rowsPerSecond(), copy.seconds(),
                    achievedPerSecond / copy.rowsPerSecond()));
        }
        return b.toString();
    }
}
