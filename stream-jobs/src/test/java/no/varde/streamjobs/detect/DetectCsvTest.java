package no.varde.streamjobs.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** detect-csv keeps every row, adds a score in [0, 1], and is strictly online: later rows never change earlier scores. */
class DetectCsvTest {
    @TempDir
    Path dir;

    private static String series(int rows, int jumpAt) {
        StringBuilder csv = new StringBuilder("timestamp,value\n");
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < rows; i++) {
            double v = 50 + 5 * Math.sin(i / 20.0) + r.nextGaussian() + (i >= jumpAt ? 40 : 0);
            csv.append(String.format(java.util.Locale.ROOT, "2014-04-01 %02d:%02d:00,%.4f%n", (i / 60) % 24, i % 60, v));
        }
        return csv.toString();
    }

    @Test
    void scoresEveryRowOnlineAndFlagsTheJump() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in/cat"));
        Files.writeString(in.resolve("a.csv"), series(1400, 1000));
        Files.writeString(in.resolve("b.csv"), series(1000, 5000)); // the first 1000 rows of a, without the jump
        new DetectCsv(DetectorSettings.defaults()).run(dir.resolve("in"), dir.resolve("out"), (d, t, f) -> { });
        List<String> a = Files.readAllLines(dir.resolve("out/cat/a.csv"));
        List<String> b = Files.readAllLines(dir.resolve("out/cat/b.csv"));
        assertThat(a).hasSize(1401);
        assertThat(a.get(0)).isEqualTo("timestamp,value,anomaly_score");
        assertThat(a.subList(0, 1001)).as("online: the first rows score the same with or without what follows").isEqualTo(b);
        double[] scores = a.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(',') + 1))).toArray();
        assertThat(java.util.Arrays.stream(scores).boxed().toList()).allSatisfy(s -> assertThat(s).isBetween(0.0, 1.0));
        double before = java.util.Arrays.stream(scores, 200, 1000).max().orElseThrow();
        double at = java.util.Arrays.stream(scores, 1000, 1010).max().orElseThrow();
        assertThat(at).isGreaterThan(before).isGreaterThan(0.6);
    }
}
