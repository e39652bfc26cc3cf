package no.varde.platform.alertbench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The benchmark's report: figures as JSON, and a chart of every timed delivery against the 1 s target. */
public final class AlertBenchReport {
    private AlertBenchReport() {
    }

    public static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
    }

    public static void write(Path dir, Map<String, Object> figures, List<WebhookProbe.Point> points, String title) throws IOException {
        Files.createDirectories(dir);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("report.json").toFile(), figures);
        XYChart chart = new XYChartBuilder().width(1000).height(500).title(title)
                .xAxisTitle("seconds since the storm began").yAxisTitle("anomaly event to webhook received (ms)").build();
        double[] x = points.stream().mapToDouble(WebhookProbe.Point::atSeconds).toArray();
        double[] y = points.stream().mapToDouble(WebhookProbe.Point::latencyMs).toArray();
        if (x.length > 0) {
            XYSeries deliveries = chart.addSeries("opened-alert webhooks", x, y);
            deliveries.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            deliveries.setMarker(SeriesMarkers.CIRCLE);
            deliveries.setMarkerColor(new Color(0, 114, 178));
            double end = x[x.length - 1];
            XYSeries target = chart.addSeries("target p99 < 1000 ms", new double[] {0, end}, new double[] {1000, 1000});
            target.setMarker(SeriesMarkers.NONE);
            target.setLineColor(new Color(213, 94, 0));
            target.setLineStyle(new java.awt.BasicStroke(2f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER, 10f,
                    new float[] {8f, 6f}, 0f));   // dashed: tells the line from the points without colour
        }
        chart.getStyler().setMarkerSize(4);
        chart.getStyler().setYAxisMin(0.0);
        BitmapEncoder.saveBitmap(chart, dir.resolve("chart.png").toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
