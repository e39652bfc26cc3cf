package no.varde.platform.nab;

import java.util.ArrayList;
import java.util.List;
import no.varde.streamjobs.detect.DetectCsv;
import no.varde.streamjobs.detect.DetectorSettings;
import no.varde.streamjobs.detect.EpisodeReporter;

/**
 * One configuration of the detector that cross-validation may choose: the adaptive detector's
 * settings and the episode reporter's rule, with a name that says how it differs from the
 * defaults.
 */
public record NabCandidate(String name, DetectorSettings settings, EpisodeReporter.Rule reporting) {

    public static NabCandidate defaults() {
        return new NabCandidate("defaults", DetectorSettings.defaults(), EpisodeReporter.Rule.defaults());
    }

    /** Scores one series as {@code bin/varde detect-csv} would with this configuration. */
    public double[] score(NabFile file) {
        return new DetectCsv(settings, reporting).scores(file.epochMillis(), file.values());
    }

    /**
     * The defaults and each knob moved on its own to a lower and a higher value: the space
     * cross-validation chooses from. Kept small on purpose (27 configurations): a search this
     * size cannot memorise a category, and the spread of held-out scores shows how much the
     * choice matters.
     */
    public static List<NabCandidate> neighbourhood() {
        DetectorSettings d = DetectorSettings.defaults();
        List<NabCandidate> list = new ArrayList<>();
        list.add(defaults());
        knob(list, "warmup", 50, 200, v -> s(d, v, 0));
        knob(list, "levelAlpha", 0.01, 0.05, v -> s(d, v, 1));
        knob(list, "rhythmAlpha", 0.05, 0.2, v -> s(d, v, 2));
        knob(list, "errorHalfLife", 100, 400, v -> s(d, v, 3));
        knob(list, "surpriseMemory", 1000, 4000, v -> s(d, v, 4));
        knob(list, "shortWindow", 20, 80, v -> s(d, v, 5));
        knob(list, "windowSpreadFactor", 0.8, 1.25, v -> s(d, v, 6));
        knob(list, "pointScale", 0.7, 1.0, v -> s(d, v, 7));
        knob(list, "rhythmAdvantage", 0.6, 0.9, v -> s(d, v, 8));
        knob(list, "scaleFloor", 0.0003, 0.003, v -> s(d, v, 9));
        knob(list, "quantile", 0.99, 0.998, v -> s(d, v, 10));
        knob(list, "learningClip", 4, 20, v -> s(d, v, 11));
        EpisodeReporter.Rule r = EpisodeReporter.Rule.defaults();
        for (int memory : new int[] {750, 3000}) {
            list.add(new NabCandidate("episodeMemory=" + memory, d, new EpisodeReporter.Rule(memory, r.repeatGap(), r.repeatMargin())));
        }
        for (int gap : new int[] {35, 140}) {
            list.add(new NabCandidate("repeatGap=" + gap, d, new EpisodeReporter.Rule(r.memory(), gap, r.repeatMargin())));
        }
        for (double margin : new double[] {0.035, 0.14}) {
            list.add(new NabCandidate("repeatMargin=" + margin, d, new EpisodeReporter.Rule(r.memory(), r.repeatGap(), margin)));
        }
        return list;
    }

    /**
     * The detector's default settings with every repeat rule of a grid, the defaults' rule
     * excluded: each fold chooses the rule on three categories, so the held-out score says what
     * choosing the rule achieves, not what the rule tuned on all four categories does.
     */
    public static List<NabCandidate> repeats() {
        DetectorSettings d = DetectorSettings.defaults();
        EpisodeReporter.Rule r = EpisodeReporter.Rule.defaults();
        List<NabCandidate> list = new ArrayList<>();
        for (int gap : new int[] {0, 10, 20, 40, 80, 160}) {
            for (double margin : new double[] {0.02, 0.04, 0.06, 0.08, 0.1, 0.15}) {
                if (gap == 0 && margin > 0.02) {
                    continue; // without a gap the margin does nothing: one "no repeat rule" candidate
                }
                EpisodeReporter.Rule rule = new EpisodeReporter.Rule(r.memory(), gap, gap == 0 ? 0 : margin);
                if (!rule.equals(r)) {
                    list.add(new NabCandidate("repeatGap=" + gap + ",repeatMargin=" + rule.repeatMargin(), d, rule));
                }
            }
        }
        return list;
    }

    /**
     * {@code count} configurations drawn at random (fixed seed) from wide ranges of every knob,
     * without the defaults: the defaults were chosen on the shared NAB files, so a search around
     * them carries knowledge of every held-out category into every fold. Choosing among these
     * instead shows what the selection procedure itself achieves on unseen categories.
     */
    public static List<NabCandidate> wide(int count, long seed) {
        java.util.Random r = new java.util.Random(seed);
        List<NabCandidate> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            DetectorSettings s = new DetectorSettings((int) logUniform(r, 30, 400), logUniform(r, 0.005, 0.1), logUniform(r, 0.02, 0.4),
                    logUniform(r, 50, 800), (int) logUniform(r, 500, 8000), (int) logUniform(r, 10, 120), logUniform(r, 0.6, 1.6),
                    logUniform(r, 0.5, 1.4), 0.5 + 0.45 * r.nextDouble(), logUniform(r, 1e-4, 1e-2), 1 - logUniform(r, 0.001, 0.03),
                    logUniform(r, 3, 30));
            // Drawn after the detector's knobs, so the detector settings of wide#i are those of earlier runs.
            EpisodeReporter.Rule rule = new EpisodeReporter.Rule((int) logUniform(r, 300, 5000), (int) logUniform(r, 5, 300),
                    logUniform(r, 0.01, 0.2));
            list.add(new NabCandidate("wide#" + (i + 1), s, rule));
        }
        return list;
    }

    private static double logUniform(java.util.Random r, double low, double high) {
        return Math.exp(Math.log(low) + r.nextDouble() * (Math.log(high) - Math.log(low)));
    }

    private static void knob(List<NabCandidate> list, String name, double low, double high, java.util.function.DoubleFunction<DetectorSettings> with) {
        for (double v : new double[] {low, high}) {
            String text = v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
            list.add(new NabCandidate(name + "=" + text, with.apply(v), EpisodeReporter.Rule.defaults()));
        }
    }

    /** {@code d} with its {@code index}-th component (record order) set to {@code v}. */
    private static DetectorSettings s(DetectorSettings d, double v, int index) {
        double[] c = {d.warmup(), d.levelAlpha(), d.rhythmAlpha(), d.errorHalfLife(), d.surpriseMemory(), d.shortWindow(),
                d.windowSpreadFactor(), d.pointScale(), d.rhythmAdvantage(), d.scaleFloor(), d.quantile(), d.learningClip()};
        c[index] = v;
        return new DetectorSettings((int) c[0], c[1], c[2], c[3], (int) c[4], (int) c[5], c[6], c[7], c[8], c[9], c[10], c[11]);
    }

}
