package no.varde.platform.nab;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Leave-one-category-out cross-validation of the detector on a NAB corpus. For each category,
 * the configuration and the threshold are chosen on the other categories only (the
 * configuration by the standard profile, a threshold per profile, as NAB chooses them), and the
 * held-out category is scored with both. The held-out score is also given with the threshold NAB
 * would pick on the held-out files themselves, which is how an independent run of NAB's scorer
 * on unseen files scores a detector; the first figure is the stricter one.
 *
 * <p>A category without anomaly windows (artificialNoAnomaly) has no normalised score: the null
 * and the perfect detector both score 0 there. Its fold reports false positives instead, and the
 * mean is taken over the folds that have windows.
 */
public final class NabCrossValidation {
    private final NabCorpus corpus;
    private final List<NabCandidate> candidates;

    public NabCrossValidation(NabCorpus corpus, List<NabCandidate> candidates) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no candidate configurations");
        }
        this.corpus = corpus;
        this.candidates = List.copyOf(candidates);
    }

    /** One held-out category. */
    public record Fold(String heldOut, int windows, String chosen, double trainingScore,
                       Map<NabProfile, Double> threshold, Map<NabProfile, Double> heldOutScore,
                       Map<NabProfile, Double> heldOutOwnThreshold, int falsePositives) {
    }

    /** The shipped defaults scored on the whole corpus with NAB's own threshold choice (they were chosen there). */
    public record InSample(Map<NabProfile, Double> score, Map<NabProfile, Double> threshold, Map<String, Double> byCategory) {
    }

    public record Result(List<Fold> folds, InSample inSample, Map<NabProfile, Double> meanHeldOut,
                         Map<NabProfile, Double> meanHeldOutOwnThreshold, int candidates, double seconds) {
    }

    public Result run(Consumer<String> progress) {
        long started = System.nanoTime();
        List<Map<String, double[]>> scores = scoreAll(progress);
        List<NabFile> all = corpus.files();
        List<Fold> folds = new ArrayList<>();
        for (String category : corpus.categories()) {
            List<NabFile> train = all.stream().filter(f -> !f.category().equals(category)).toList();
            List<NabFile> test = all.stream().filter(f -> f.category().equals(category)).toList();
            folds.add(fold(category, train, test, scores));
            progress.accept(String.format(java.util.Locale.ROOT, "evaluate-nab: fold %s held out, chose %s",
                    category, folds.get(folds.size() - 1).chosen()));
        }
        Map<NabProfile, Double> mean = new EnumMap<>(NabProfile.class);
        Map<NabProfile, Double> meanOwn = new EnumMap<>(NabProfile.class);
        for (NabProfile p : NabProfile.values()) {
            mean.put(p, folds.stream().filter(f -> f.windows() > 0).mapToDouble(f -> f.heldOutScore().get(p)).average().orElse(Double.NaN));
            meanOwn.put(p, folds.stream().filter(f -> f.windows() > 0).mapToDouble(f -> f.heldOutOwnThreshold().get(p)).average().orElse(Double.NaN));
        }
        Map<String, double[]> defaults = candidates.get(0).equals(NabCandidate.defaults()) ? scores.get(0) : score(NabCandidate.defaults());
        return new Result(folds, inSample(all, defaults), mean, meanOwn, candidates.size(), (System.nanoTime() - started) / 1e9);
    }

    private List<Map<String, double[]>> scoreAll(Consumer<String> progress) {
        AtomicInteger done = new AtomicInteger();
        long started = System.nanoTime();
        List<Map<String, double[]>> scores = IntStream.range(0, candidates.size()).parallel().mapToObj(c -> {
            Map<String, double[]> byFile = score(candidates.get(c));
            progress.accept(String.format(java.util.Locale.ROOT, "evaluate-nab: scored configuration %d/%d (%s) after %.1f s",
                    done.incrementAndGet(), candidates.size(), candidates.get(c).name(), (System.nanoTime() - started) / 1e9));
            return byFile;
        }).toList();
        return scores;
    }

    private Map<String, double[]> score(NabCandidate candidate) {
        Map<String, double[]> byFile = new LinkedHashMap<>();
        for (NabFile f : corpus.files()) {
            byFile.put(f.key(), candidate.score(f));
        }
        return byFile;
    }

    private Fold fold(String category, List<NabFile> train, List<NabFile> test, List<Map<String, double[]>> scores) {
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < candidates.size(); c++) {
            NabScorer.Points points = NabScorer.points(train, scores.get(c), NabProfile.STANDARD);
            double score = NabScorer.normalised(NabScorer.best(points, NabProfile.STANDARD).raw(), points.windows(), NabProfile.STANDARD);
            if (score > bestScore) {
                best = c;
                bestScore = score;
            }
        }
        Map<NabProfile, Double> threshold = new EnumMap<>(NabProfile.class);
        Map<NabProfile, Double> heldOut = new EnumMap<>(NabProfile.class);
        Map<NabProfile, Double> own = new EnumMap<>(NabProfile.class);
        int falsePositives = 0;
        int windows = 0;
        for (NabProfile p : NabProfile.values()) {
            double t = NabScorer.best(NabScorer.points(train, scores.get(best), p), p).threshold();
            NabScorer.Points points = NabScorer.points(test, scores.get(best), p);
            threshold.put(p, t);
            heldOut.put(p, NabScorer.normalised(NabScorer.rawAt(points, p, t), points.windows(), p));
            own.put(p, NabScorer.normalised(NabScorer.best(points, p).raw(), points.windows(), p));
            if (p == NabProfile.STANDARD) {
                falsePositives = NabScorer.falsePositives(points, t);
                windows = points.windows();
            }
        }
        return new Fold(category, windows, candidates.get(best).name(), bestScore, threshold, heldOut, own, falsePositives);
    }

    private InSample inSample(List<NabFile> all, Map<String, double[]> scores) {
        Map<NabProfile, Double> score = new EnumMap<>(NabProfile.class);
        Map<NabProfile, Double> threshold = new EnumMap<>(NabProfile.class);
        for (NabProfile p : NabProfile.values()) {
            NabScorer.Points points = NabScorer.points(all, scores, p);
            NabScorer.Threshold t = NabScorer.best(points, p);
            score.put(p, NabScorer.normalised(t.raw(), points.windows(), p));
            threshold.put(p, t.threshold());
        }
        Map<String, Double> byCategory = new LinkedHashMap<>();
        for (String category : corpus.categories()) {
            NabScorer.Points points = NabScorer.points(all.stream().filter(f -> f.category().equals(category)).toList(), scores, NabProfile.STANDARD);
            byCategory.put(category, NabScorer.normalised(NabScorer.best(points, NabProfile.STANDARD).raw(), points.windows(), NabProfile.STANDARD));
        }
        return new InSample(score, threshold, byCategory);
    }
}
