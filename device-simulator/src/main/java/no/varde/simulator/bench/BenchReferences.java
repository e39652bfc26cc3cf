package no.varde.simulator.bench;

import java.util.Locale;

/**
 * The reference figures a bench run measures beside Varde, on the same machine in the same run,
 * so its result reads as a ratio rather than a number from a machine nobody else has: a plain
 * MQTT broker's QoS 1 rate under the same generator, and {@code psql \copy} of the rows Varde
 * stored. Either may be absent (null) when it was not asked for.
 */
public record BenchReferences(Broker broker, Copy copy) {

    /** The generator publishing as fast as PUBACKs allow to a reference broker (Mosquitto). */
    public record Broker(String uri, int connections, int window, double seconds, long acknowledged, long failed,
                         double messagesPerSecond, double pubackP50Ms, double pubackP99Ms) {
    }

    /** The run's stored rows (or the first {@code rows} of them) loaded by psql's \copy into a table shaped like readings. */
    public record Copy(String tool, long rows, double seconds, double rowsPerSecond) {
    }

    /** Lines for the text report; Varde's achieved rate as a fraction of each reference. */
    String format(double achievedPerSecond) {
        StringBuilder b = new StringBuilder();
        if (broker != null) {
            b.append(String.format(Locale.ROOT, "%n  reference: %s, same generator as fast as acknowledged (%d connections, window %d, %.0f s): "
                            + "%,.0f msg/s, PUBACK p50 %.1f ms p99 %.1f ms%s%n    Varde / broker: %.2f", broker.uri(), broker.connections(),
                    broker.window(), broker.seconds(), broker.messagesPerSecond(), broker.pubackP50Ms(), broker.pubackP99Ms(),
                    broker.failed() > 0 ? ", " + broker.failed() + " failed" : "", achievedPerSecond / broker.messagesPerSecond()));
        }
        if (copy != null) {
            b.append(String.format(Locale.ROOT, "%n  reference: %s of %,d of the rows this run stored into a table shaped like readings: "
                    + "%,.0f rows/s in %.1f s%n    Varde / copy: %.2f", copy.tool(), copy.rows(), copy.rowsPerSecond(), copy.seconds(),
                    achievedPerSecond / copy.rowsPerSecond()));
        }
        return b.toString();
    }
}
