package no.varde.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import no.varde.model.anomaly.AnomalyJson;
import no.varde.platform.evaluate.DetectionEvaluation;
import no.varde.platform.evaluate.EvaluationChart;
import no.varde.platform.evaluate.KindScore;
import no.varde.simulator.scenario.DurationText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code varde evaluate}: detection quality against the simulator's ground truth. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Run the simulated town offline through the real detection graph and report precision, recall and "
                + "median time-to-detect per incident kind against the ground truth.")
final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--scenario", description = "Scenario YAML (default: the built-in town).")
    String scenario;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the town and its incidents (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--warmup", defaultValue = "8d", description = "Simulated time before incidents start, for the models to learn (default: ${DEFAULT-VALUE}).")
    String warmup;

    @Option(names = "--duration", defaultValue = "7d", description = "Simulated time with incidents (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--output", defaultValue = "target/evaluation", description = "Directory for report.json, incidents.jsonl, anomalies.jsonl and chart.png (default: ${DEFAULT-VALUE}).")
    Path output;

    @Override
    public Integer call() throws Exception {
        Instant incidentsFrom = Instant.parse("2026-03-02T00:00:00Z").plus(Duration.ofDays(seed % 7));
        long started = System.nanoTime();
        DetectionEvaluation.Result result = new DetectionEvaluation(scenario, seed, DurationText.parse(warmup),
                DurationText.parse(duration)).run(incidentsFrom);
        Files.createDirectories(output);
        StringBuilder lines = new StringBuilder();
        for (var a : result.opened()) {
            lines.append(new String(AnomalyJson.encode(a), java.nio.charset.StandardCharsets.UTF_8)).append('\n');
        }
        Files.writeString(output.resolve("anomalies.jsonl"), lines);
        ObjectMapper json = new ObjectMapper();
        StringBuilder truth = new StringBuilder();
        for (var i : result.incidents()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", i.id());
            row.put("kind", i.kind().id());
            row.put("zone", i.zone());
            row.put("devices", i.devices());
            row.put("metrics", i.metrics());
            row.put("start", i.start().toString());
            row.put("end", i.end().toString());
            row.put("magnitude", i.magnitude());
            truth.append(json.writeValueAsString(row)).append('\n');
        }
        Files.writeString(output.resolve("incidents.jsonl"), truth);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("scenario", scenario == null ? "built-in default town" : scenario);
        report.put("seed", seed);
        report.put("warmup", warmup);
        report.put("incidents_from", result.incidentsFrom().toString());
        report.put("until", result.until().toString());
        report.put("incidents", result.incidents().size());
        report.put("anomalies_opened", result.opened().size());
        report.put("kinds", result.scores());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(output.resolve("report.json").toFile(), report);
        EvaluationChart.write(result.scores(), output.resolve("chart.png"));

        System.out.printf(Locale.ROOT, "Detection against ground truth: seed %d, %s with incidents after %s warm-up (%.0f s)%n",
                seed, duration, warmup, (System.nanoTime() - started) / 1e9);
        System.out.printf(Locale.ROOT, "%-18s %-18s %9s %8s %9s %9s %11s %10s%n", "incident", "answered by", "incidents",
                "recall", "anomalies", "precision", "median TTD", "intervals");
        for (KindScore k : result.scores()) {
            System.out.printf(Locale.ROOT, "%-18s %-18s %9d %8s %9d %9s %10s %10s%n", k.kind(), k.anomalyKind(), k.incidents(),
                    ratio(k.recall()), k.anomalies(), ratio(k.precision()), Double.isNaN(k.medianTtdSeconds()) ? "-"
                            : String.format(Locale.ROOT, "%.0f s", k.medianTtdSeconds()),
                    Double.isNaN(k.medianTtdIntervals()) ? "-" : String.format(Locale.ROOT, "%.2f", k.medianTtdIntervals()));
        }
        Map<String, Long> others = new java.util.TreeMap<>();
        result.opened().forEach(a -> others.merge(a.kind().id(), 1L, Long::sum));
        System.out.println("All anomalies opened, by kind: " + others);
        System.out.println("Report: " + output.resolve("report.json") + ", chart: " + output.resolve("chart.png"));
        return 0;
    }

    private static String ratio(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }
}
