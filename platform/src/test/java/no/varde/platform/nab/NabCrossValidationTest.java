package no.varde.platform.nab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import no.varde.streamjobs.detect.DetectorSettings;
import no.varde.streamjobs.detect.EpisodeReporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NabCrossValidationTest {
    private static final String[] CATEGORIES = {"alpha", "beta", "gamma"};

    @TempDir
    Path dir;

    private static List<NabCandidate> candidates() {
        DetectorSettings d = DetectorSettings.defaults();
        return List.of(NabCandidate.defaults(),
                new NabCandidate("quantile=0.9", new DetectorSettings(d.warmup(), d.levelAlpha(), d.rhythmAlpha(), d.errorHalfLife(),
                        d.surpriseMemory(), d.shortWindow(), d.windowSpreadFactor(), d.pointScale(), d.rhythmAdvantage(), d.scaleFloor(),
                        0.9, d.learningClip()), EpisodeReporter.Rule.defaults()),
                new NabCandidate("episodeMemory=50", d, new EpisodeReporter.Rule(50, 0, 0)));
    }

    @Test
    void everyCategoryIsHeldOutOnceAndScoredWithWhatTheOthersChose() throws Exception {
        NabCorpus corpus = NabCorpus.load(NabTestCorpus.write(dir.resolve("nab"), CATEGORIES, 3, 1500, 3));
        NabCrossValidation.Result result = new NabCrossValidation(corpus, candidates()).run(line -> { });

        assertThat(result.folds()).extracting(NabCrossValidation.Fold::heldOut).containsExactly(CATEGORIES);
        for (NabCrossValidation.Fold f : result.folds()) {
            assertThat(f.windows()).isEqualTo(2);
            assertThat(candidates()).extracting(NabCandidate::name).contains(f.chosen());
            // The threshold NAB would pick on the held-out files can only do as well or better.
            assertThat(f.heldOutOwnThreshold().get(NabProfile.STANDARD)).isGreaterThanOrEqualTo(f.heldOutScore().get(NabProfile.STANDARD) - 1e-9);
        }
        double mean = result.folds().stream().mapToDouble(f -> f.heldOutScore().get(NabProfile.STANDARD)).average().orElseThrow();
        assertThat(result.meanHeldOut().get(NabProfile.STANDARD)).isEqualTo(mean);
        // Level shifts of 4+ noise units in a labelled window are found: far better than the null detector.
        assertThat(result.inSample().score().get(NabProfile.STANDARD)).isGreaterThan(50);
    }

    @Test
    void whatIsChosenForAFoldDoesNotDependOnTheHeldOutCategory() throws Exception {
        Path nab = NabTestCorpus.write(dir.resolve("nab"), CATEGORIES, 3, 1500, 5);
        NabCrossValidation.Result before = new NabCrossValidation(NabCorpus.load(nab), candidates()).run(line -> { });
        // Replace the held-out category's data with patternless noise (its level shifts gone): its fold
        // must choose the same configuration and threshold, because they come from the other categories only.
        try (var files = Files.list(nab.resolve("data").resolve("gamma"))) {
            for (Path csv : files.toList()) {
                List<String> lines = Files.readAllLines(csv);
                List<String> changed = new ArrayList<>(List.of(lines.get(0)));
                for (int row = 1; row < lines.size(); row++) {
                    String line = lines.get(row);
                    changed.add(line.substring(0, line.indexOf(',')) + "," + String.format(Locale.ROOT, "%.3f", 10 + (row * 7919 % 13) / 13.0));
                }
                Files.write(csv, changed);
            }
        }
        NabCrossValidation.Result after = new NabCrossValidation(NabCorpus.load(nab), candidates()).run(line -> { });
        NabCrossValidation.Fold b = before.folds().get(2);
        NabCrossValidation.Fold a = after.folds().get(2);
        assertThat(a.heldOut()).isEqualTo("gamma");
        assertThat(a.chosen()).isEqualTo(b.chosen());
        assertThat(a.threshold()).isEqualTo(b.threshold());
        assertThat(a.trainingScore()).isEqualTo(b.trainingScore());
        // ... while the folds that train on it may change, and its in-sample score did.
        assertThat(after.inSample().byCategory().get("gamma")).isNotEqualTo(before.inSample().byCategory().get("gamma"));
    }
}
