package no.varde.platform.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NabScorerTest {
    /** The reference scorer beside the project (checked against NAB's published results). */
    private static final Path REFERENCE = Path.of("..", "..", "shared", "tools", "nab_score.py");

    @TempDir
    Path dir;

    @Test
    void oneEarlyDetectionInTheOnlyWindowScoresAsNabDefinesIt() {
        // 100 rows, probation 15, one window at rows 40..49; a detection at its first row earns the
        // full true-positive weight, nothing else is detected: raw = 1, normalised (1 - -1) / 2 = 100.
        NabFile file = new NabFile("c/f.csv", "c", new long[100], new double[100], List.of(new int[] {40, 49}));
        double[] scores = new double[100];
        scores[40] = 0.9;
        NabScorer.Points points = NabScorer.points(List.of(file), Map.of("c/f.csv", scores), NabProfile.STANDARD);
        NabScorer.Threshold best = NabScorer.best(points, NabProfile.STANDARD);
        assertThat(best.threshold()).isEqualTo(0.9);
        assertThat(best.raw()).isCloseTo(1.0, within(1e-12));
        assertThat(NabScorer.normalised(best.raw(), points.windows(), NabProfile.STANDARD)).isCloseTo(100.0, within(1e-9));
        // A false positive before the window costs the profile's FP weight.
        scores[20] = 0.95;
        points = NabScorer.points(List.of(file), Map.of("c/f.csv", scores), NabProfile.STANDARD);
        assertThat(NabScorer.rawAt(points, NabProfile.STANDARD, 0.9)).isCloseTo(1.0 - 0.11, within(1e-12));
        assertThat(NabScorer.falsePositives(points, 0.9)).isEqualTo(1);
        // A detection in the probation period does not count at all.
        scores[20] = 0;
        scores[10] = 0.99;
        points = NabScorer.points(List.of(file), Map.of("c/f.csv", scores), NabProfile.STANDARD);
        assertThat(NabScorer.rawAt(points, NabProfile.STANDARD, 0.9)).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void agreesWithTheReferenceScorerOnRandomScoresForEveryProfileAndSubset() throws Exception {
        Path nab = NabTestCorpus.write(dir.resolve("nab"), new String[] {"alpha", "beta", "gamma"}, 3, 1200, 7);
        NabCorpus corpus = NabCorpus.load(nab);
        Random random = new Random(11);
        Map<String, double[]> scores = new HashMap<>();
        for (NabFile f : corpus.files()) {
            double[] s = new double[f.rows()];
            for (int i = 0; i < s.length; i++) {
                // Mostly zero, as a reporting detector's output is; some ties on purpose.
                s[i] = random.nextDouble() < 0.97 ? 0 : Math.round(random.nextDouble() * 40) / 40.0;
            }
            scores.put(f.key(), s);
            writeResults(dir.resolve("results").resolve(f.key()), nab.resolve("data").resolve(f.key()), s);
        }
        for (String only : new String[] {null, "beta"}) {
            JsonNode reference = reference(nab, dir.resolve("results"), only);
            List<NabFile> files = corpus.files().stream().filter(f -> only == null || f.category().equals(only)).toList();
            for (NabProfile p : NabProfile.values()) {
                NabScorer.Points points = NabScorer.points(files, scores, p);
                NabScorer.Threshold best = NabScorer.best(points, p);
                assertThat(NabScorer.normalised(best.raw(), points.windows(), p)).as(p.id() + " " + only)
                        .isCloseTo(reference.get(p.id()).asDouble(), within(0.006));
                assertThat(best.threshold()).as(p.id() + " threshold " + only).isEqualTo(reference.get(p.id() + "_threshold").asDouble());
                assertThat(NabScorer.rawAt(points, p, best.threshold())).isCloseTo(best.raw(), within(1e-9));
            }
        }
    }

    private static void writeResults(Path out, Path data, double[] scores) throws IOException {
        Files.createDirectories(out.getParent());
        List<String> lines = Files.readAllLines(data);
        StringBuilder csv = new StringBuilder(lines.get(0)).append(",anomaly_score\n");
        for (int i = 1; i < lines.size(); i++) {
            csv.append(lines.get(i)).append(',').append(String.format(Locale.ROOT, "%.6f", scores[i - 1])).append('\n');
        }
        Files.writeString(out, csv);
    }

    private static JsonNode reference(Path nab, Path results, String only) throws Exception {
        assertThat(REFERENCE).as("the reference NAB scorer in ../shared/tools").exists();
        List<String> command = new java.util.ArrayList<>(List.of("python3", REFERENCE.toString(), "--nab", nab.toString(), "--results", results.toString()));
        if (only != null) {
            command.add("--only");
            command.add(only);
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return new ObjectMapper().readTree(out);
    }
}
