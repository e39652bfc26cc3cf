package no.varde.platform.nab;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * NAB's scoring rules, as ../shared/tools/nab_score.py applies them (and as NAB's own scorer does):
 * each row after the probation period (15 % of the file, at most 750 rows) is worth a scaled
 * sigmoid of its position relative to the anomaly windows; a window counts once, by its best
 * detection; a threshold turns scores into detections. {@link #best} picks the threshold NAB
 * would (the one that maximises the raw score over the given files), {@link #rawAt} applies a
 * threshold chosen elsewhere, which is what a held-out evaluation needs.
 */
public final class NabScorer {
    private static final double MAX_TP = sigmoid(-1.0);

    private NabScorer() {
    }

    /** The rows of some files after probation, sorted by anomaly score, highest first. */
    public static final class Points {
        final double[] score;
        final double[] weight;
        final int[] window;
        final boolean[] windowSeen;
        final int windowsLabelled;

        private Points(double[] score, double[] weight, int[] window, int windowIds, int windowsLabelled) {
            this.score = score;
            this.weight = weight;
            this.window = window;
            this.windowSeen = new boolean[windowIds];
            for (int w : window) {
                if (w >= 0) {
                    windowSeen[w] = true;
                }
            }
            this.windowsLabelled = windowsLabelled;
        }

        /** Labelled windows in these files (including any that lie inside the probation period). */
        public int windows() {
            return windowsLabelled;
        }
    }

    /** A threshold and the raw score it gives. */
    public record Threshold(double threshold, double raw) {
    }

    /** The points of {@code files} under {@code profile}; {@code scores} holds each file's anomaly scores by key. */
    public static Points points(List<NabFile> files, Map<String, double[]> scores, NabProfile profile) {
        int total = 0;
        for (NabFile f : files) {
            total += f.rows();
        }
        double[] s = new double[total];
        double[] w = new double[total];
        int[] win = new int[total];
        int n = 0;
        int windowIds = 0;
        int labelled = 0;
        for (NabFile f : files) {
            double[] fileScores = scores.get(f.key());
            if (fileScores == null || fileScores.length != f.rows()) {
                throw new IllegalArgumentException(f.key() + ": " + (fileScores == null ? "no scores" : fileScores.length
                        + " scores for " + f.rows() + " rows"));
            }
            double probation = Math.min(Math.floor(0.15 * f.rows()), 0.15 * 5000);
            List<int[]> spans = f.windows();
            labelled += spans.size();
            int k = 0;
            int[] cur = null;
            int[] prev = null;
            int curId = -1;
            for (int i = 0; i < f.rows(); i++) {
                if (k < spans.size() && i == spans.get(k)[0]) {
                    cur = spans.get(k);
                    curId = windowIds + k;
                    k++;
                }
                double weight;
                int id;
                if (cur != null) {
                    double l = cur[0];
                    double r = cur[1];
                    weight = profile.tpWeight * sigmoid(-(r - i + 1) / (r - l + 1)) / MAX_TP;
                    id = curId;
                } else if (prev == null) {
                    weight = -profile.fpWeight;
                    id = -1;
                } else {
                    double l = prev[0];
                    double r = prev[1];
                    weight = profile.fpWeight * sigmoid(Math.abs(i - r) / (r - l));
                    id = -1;
                }
                if (i >= probation) {
                    s[n] = fileScores[i];
                    w[n] = weight;
                    win[n] = id;
                    n++;
                }
                if (cur != null && i == cur[1]) {
                    prev = cur;
                    cur = null;
                }
            }
            windowIds += spans.size();
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> -s[i]));
        double[] so = new double[n];
        double[] wo = new double[n];
        int[] io = new int[n];
        for (int i = 0; i < n; i++) {
            so[i] = s[order[i]];
            wo[i] = w[order[i]];
            io[i] = win[order[i]];
        }
        return new Points(so, wo, io, windowIds, labelled);
    }

    /** The threshold NAB would choose on these points: the highest that maximises the raw score. */
    public static Threshold best(Points p, NabProfile profile) {
        Map<Integer, Double> bestOf = new HashMap<>();
        double total = initial(p, profile, bestOf);
        Threshold best = new Threshold(1.1, total);
        int i = 0;
        while (i < p.score.length) {
            double a = p.score[i];
            while (i < p.score.length && p.score[i] == a) {
                total = detect(p, i, total, bestOf);
                i++;
            }
            if (total > best.raw()) {
                best = new Threshold(a, total);
            }
        }
        return best;
    }

    /** The raw score when every point scoring at least {@code threshold} is a detection. */
    public static double rawAt(Points p, NabProfile profile, double threshold) {
        Map<Integer, Double> bestOf = new HashMap<>();
        double total = initial(p, profile, bestOf);
        for (int i = 0; i < p.score.length && p.score[i] >= threshold; i++) {
            total = detect(p, i, total, bestOf);
        }
        return total;
    }

    /** NAB's normalised score: 0 for the null detector (nothing detected), 100 for a perfect one. NaN without windows. */
    public static double normalised(double raw, int windows, NabProfile profile) {
        double nul = -profile.fnWeight * windows;
        double perfect = profile.tpWeight * windows;
        return windows == 0 ? Double.NaN : 100 * (raw - nul) / (perfect - nul);
    }

    /** False positives (detections outside every window) at a threshold. */
    public static int falsePositives(Points p, double threshold) {
        int fp = 0;
        for (int i = 0; i < p.score.length && p.score[i] >= threshold; i++) {
            if (p.window[i] < 0) {
                fp++;
            }
        }
        return fp;
    }

    private static double initial(Points p, NabProfile profile, Map<Integer, Double> bestOf) {
        double total = 0;
        for (int w = 0; w < p.windowSeen.length; w++) {
            if (p.windowSeen[w]) {
                bestOf.put(w, -profile.fnWeight);
                total += -profile.fnWeight;
            }
        }
        return total;
    }

    private static double detect(Points p, int i, double total, Map<Integer, Double> bestOf) {
        int w = p.window[i];
        if (w < 0) {
            return total + p.weight[i];
        }
        double before = bestOf.get(w);
        if (p.weight[i] > before) {
            bestOf.put(w, p.weight[i]);
            return total + p.weight[i] - before;
        }
        return total;
    }

    static double sigmoid(double y) {
        return y > 3.0 ? -1.0 : Math.tanh(-2.5 * y);
    }
}
