package no.varde.platform.alertbench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** The probes' publish → alert latencies as percentiles (nearest rank over the probes measured), text and JSON. */
public record ProbeSummary(int probes, int measured, Step notification, Step delivered) {
    /** One step's latency distribution in milliseconds over the probes that reached it. */
    public record Step(int count, double p50, double p90, double p99, double max) {
        static Step of(List<EndToEndProbes.Sample> samples, ToDoubleFunction<EndToEndProbes.Sample> value) {
            double[] v = samples.stream().mapToDouble(value).filter(d -> !Double.isNaN(d)).sorted().toArray();
            return new Step(v.length, rank(v, 50), rank(v, 90), rank(v, 99), v.length == 0 ? Double.NaN : v[v.length - 1]);
        }

        JsonObject json() {
            return new JsonObject().put("count", count).put("p50Ms", finite(p50)).put("p90Ms", finite(p90)).put("p99Ms", finite(p99))
                    .put("maxMs", finite(max));
        }
    }

    public static ProbeSummary of(List<EndToEndProbes.Sample> samples) {
        int measured = (int) samples.stream().filter(s -> !Double.isNaN(s.toNotificationMs())).count();
        return new ProbeSummary(samples.size(), measured, Step.of(samples, EndToEndProbes.Sample::toNotificationMs), Step.of(samples, EndToEndProbes.Sample::toDeliveredMs));
    }

    /** Nearest-rank percentile: with 100 probes p99 is the 99th smallest, with 20 it is the largest. */
    static double rank(double[] sorted, double percentile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    public String format() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "Publish -> alert (%d probes, %d with a notification):%n  %-34s %6s %9s %9s %9s %9s%n", probes, measured, "step", "n",
                "p50 ms", "p90 ms", "p99 ms", "max ms"));
        row(s, "publish -> first notification row", notification);
        row(s, "publish -> notification delivered", delivered);
        return s.toString();
    }

    private static void row(StringBuilder s, String name, Step step) {
        s.append(String.format(Locale.ROOT, "  %-34s %6d %9.1f %9.1f %9.1f %9.1f%n", name, step.count, step.p50, step.p90, step.p99, step.max));
    }

    public JsonObject json(List<EndToEndProbes.Sample> samples) {
        JsonArray each = new JsonArray();
        samples.forEach(x -> each.add(new JsonObject().put("probe", x.probe()).put("toNotificationMs", finite(x.toNotificationMs())).put("toDeliveredMs", finite(x.toDeliveredMs()))));
        return new JsonObject().put("probes", probes).put("measured", measured)
                .put("notification", notification.json()).put("delivered", delivered.json()).put("samples", each);
    }

    private static Double finite(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
