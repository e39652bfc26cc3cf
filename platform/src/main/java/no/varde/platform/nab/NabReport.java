package no.varde.platform.nab;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/** The cross-validation result as a table for the terminal, report.json and a bar chart (chart.png). */
public final class NabReport {
    private NabReport() {
    }

    public static String table(NabCrossValidation.Result r) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Leave-one-category-out cross-validation, %d configurations, %.1f s%n%n", r.candidates(), r.seconds()));
        out.append(String.format(Locale.ROOT, "%-22s %7s  %-26s %9s %9s %9s %9s %6s %10s%n", "held out", "windows", "chosen on the others",
                "standard", "low FP", "low FN", "own thr.", "FPs", "in-sample"));
        for (NabCrossValidation.Fold f : r.folds()) {
            out.append(String.format(Locale.ROOT, "%-22s %7d  %-26s %9s %9s %9s %9s %6d %10s%n", f.heldOut(), f.windows(), f.chosen(),
                    num(f.heldOutScore().get(NabProfile.STANDARD)), num(f.heldOutScore().get(NabProfile.REWARD_LOW_FP_RATE)),
                    num(f.heldOutScore().get(NabProfile.REWARD_LOW_FN_RATE)), num(f.heldOutOwnThreshold().get(NabProfile.STANDARD)),
                    f.falsePositives(), num(r.inSample().byCategory().get(f.heldOut()))));
        }
        out.append(String.format(Locale.ROOT, "%-22s %7s  %-26s %9s %9s %9s %9s%n", "mean (with windows)", "", "",
                num(r.meanHeldOut().get(NabProfile.STANDARD)), num(r.meanHeldOut().get(NabProfile.REWARD_LOW_FP_RATE)),
                num(r.meanHeldOut().get(NabProfile.REWARD_LOW_FN_RATE)), num(r.meanHeldOutOwnThreshold().get(NabProfile.STANDARD))));
        out.append(String.format(Locale.ROOT, "%nIn-sample (defaults, all files, NAB's threshold): standard %s, low FP %s, low FN %s%n",
                num(r.inSample().score().get(NabProfile.STANDARD)), num(r.inSample().score().get(NabProfile.REWARD_LOW_FP_RATE)),
                num(r.inSample().score().get(NabProfile.REWARD_LOW_FN_RATE))));
        out.append("Held-out scores use the configuration and threshold chosen on the other categories; 'own thr.' re-picks the\n"
                + "threshold on the held-out files (how NAB's scorer treats a corpus); FPs: false positives at the chosen threshold.\n");
        return out.toString();
    }

    public static void writeJson(NabCrossValidation.Result r, Path file) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("candidates", r.candidates());
        root.put("seconds", r.seconds());
        root.put("meanHeldOut", byProfile(r.meanHeldOut()));
        root.put("meanHeldOutOwnThreshold", byProfile(r.meanHeldOutOwnThreshold()));
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("score", byProfile(r.inSample().score()));
        in.put("threshold", byProfile(r.inSample().threshold()));
        in.put("byCategoryStandard", r.inSample().byCategory());
        root.put("inSample", in);
        List<Map<String, Object>> folds = new ArrayList<>();
        for (NabCrossValidation.Fold f : r.folds()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("heldOut", f.heldOut());
            m.put("windows", f.windows());
            m.put("chosen", f.chosen());
            m.put("trainingScoreStandard", f.trainingScore());
            m.put("threshold", byProfile(f.threshold()));
            m.put("heldOutScore", byProfile(f.heldOutScore()));
            m.put("heldOutOwnThreshold", byProfile(f.heldOutOwnThreshold()));
            m.put("falsePositivesStandard", f.falsePositives());
            folds.add(m);
        }
        root.put("folds", folds);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), root);
    }

    /**
     * Held-out (chosen threshold), held-out (own threshold) and in-sample, standard profile, per category with
     * windows; the "mean" group is the mean of the category scores (not the corpus-normalised in-sample score).
     */
    public static void writeChart(NabCrossValidation.Result r, Path png) throws IOException {
        List<String> categories = new ArrayList<>();
        List<Double> held = new ArrayList<>();
        List<Double> own = new ArrayList<>();
        List<Double> in = new ArrayList<>();
        for (NabCrossValidation.Fold f : r.folds()) {
            if (f.windows() > 0) {
                categories.add(f.heldOut());
                held.add(f.heldOutScore().get(NabProfile.STANDARD));
                own.add(f.heldOutOwnThreshold().get(NabProfile.STANDARD));
                in.add(r.inSample().byCategory().get(f.heldOut()));
            }
        }
        categories.add("mean");
        held.add(r.meanHeldOut().get(NabProfile.STANDARD));
        own.add(r.meanHeldOutOwnThreshold().get(NabProfile.STANDARD));
        in.add(in.stream().mapToDouble(Double::doubleValue).average().orElse(0));
        CategoryChart chart = new CategoryChartBuilder().width(900).height(450)
                .title("NAB, leave one category out (standard profile)").xAxisTitle("held-out category").yAxisTitle("NAB score").build();
        chart.addSeries("held out (threshold from the others)", categories, held);
        chart.addSeries("held out (own threshold)", categories, own);
        chart.addSeries("in-sample", categories, in);
        chart.getStyler().setSeriesColors(new java.awt.Color[] {new java.awt.Color(0, 114, 178), new java.awt.Color(86, 180, 233),
                new java.awt.Color(230, 159, 0)});
        chart.getStyler().setYAxisMin(Math.min(0.0, held.stream().mapToDouble(Double::doubleValue).min().orElse(0)));
        chart.getStyler().setYAxisMax(100.0);
        chart.getStyler().setXAxisLabelRotation(12);
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static Map<String, Double> byProfile(Map<NabProfile, Double> values) {
        Map<String, Double> m = new LinkedHashMap<>();
        values.forEach((p, v) -> m.put(p.id(), v));
        return m;
    }

    private static String num(Double v) {
        return v == null || v.isNaN() ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
    }
}
