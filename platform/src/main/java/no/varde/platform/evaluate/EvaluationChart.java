package no.varde.platform.evaluate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/** Recall and precision per incident kind as grouped bars (Okabe-Ito colours, readable without colour by order and legend). */
public final class EvaluationChart {
    private EvaluationChart() {
    }

    public static void write(List<KindScore> scores, Path png) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(900).height(450).title("Detection against simulator ground truth")
                .xAxisTitle("incident kind").yAxisTitle("share").build();
        List<String> kinds = scores.stream().map(KindScore::kind).toList();
        chart.addSeries("recall", kinds, scores.stream().map(k -> Double.isNaN(k.recall()) ? 0 : k.recall()).toList());
        chart.addSeries("precision", kinds, scores.stream().map(k -> Double.isNaN(k.precision()) ? 0 : k.precision()).toList());
        chart.getStyler().setSeriesColors(new java.awt.Color[] {new java.awt.Color(0, 114, 178), new java.awt.Color(230, 159, 0)});
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setYAxisMin(0.0);
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
