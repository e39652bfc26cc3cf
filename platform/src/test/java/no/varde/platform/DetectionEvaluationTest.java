package no.varde.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import no.varde.platform.evaluate.DetectionEvaluation;
import no.varde.platform.evaluate.KindScore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in town through the real detection graph against its own ground truth (a short run:
 * the full measurement is {@code bin/varde evaluate}). Guards what already works: every dropout
 * and traffic incident of the day is found, and no silence is reported that no incident explains.
 */
class DetectionEvaluationTest {
    @TempDir
    Path out;

    @Test
    void findsTheDaysDropoutsAndTrafficIncidents() throws Exception {
        DetectionEvaluation.Result result = new DetectionEvaluation(null, 1, Duration.ofDays(2), Duration.ofDays(1))
                .run(Instant.parse("2026-03-03T00:00:00Z"));
        KindScore dropout = score(result, "dropout");
        KindScore traffic = score(result, "traffic_incident");
        assertThat(dropout.incidents()).isPositive();
        assertThat(dropout.recall()).isEqualTo(1.0);
        assertThat(dropout.precision()).isEqualTo(1.0);
        assertThat(dropout.medianTtdIntervals()).isLessThan(2.0);
        assertThat(traffic.incidents()).isPositive();
        assertThat(traffic.recall()).isEqualTo(1.0);
        assertThat(result.opened()).allSatisfy(a -> assertThat(a.explanation()).isNotBlank());

        assertThat(new picocli.CommandLine(new VardeCli()).execute("evaluate", "--warmup", "2d", "--duration", "1d",
                "--output", out.toString())).isZero();
        assertThat(out.resolve("report.json")).exists();
        assertThat(Files.size(out.resolve("chart.png"))).isPositive();
        assertThat(Files.readString(out.resolve("incidents.jsonl"))).contains("\"kind\":\"dropout\"");
    }

    private static KindScore score(DetectionEvaluation.Result result, String kind) {
        return result.scores().stream().filter(k -> k.kind().equals(kind)).findFirst().orElseThrow();
    }
}
