package no.varde.simulator.bench;

import static no.varde.simulator.bench.ChartStyle.BLUE;
import static no.varde.simulator.bench.ChartStyle.DASH;
import static no.varde.simulator.bench.ChartStyle.DOT;
import static no.varde.simulator.bench.ChartStyle.GREEN;
import static no.varde.simulator.bench.ChartStyle.ORANGE;
import static no.varde.simulator.bench.ChartStyle.SOLID;
import static no.varde.simulator.bench.ChartStyle.VERMILION;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The bench report as a picture: rate over time above, latency over time below (log scale).
 * Colours from the Okabe-Ito palette, which colour-blind readers can tell apart, and every series
 * also differs by line style, so colour is never the only clue.
 */
public final class BenchChart {
    private static final int WIDTH = 1100;
    private static final int HEIGHT = 420;

    private BenchChart() {
    }

    public static void write(BenchReport report, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, 2 * HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        rateChart(report).paint(g, WIDTH, HEIGHT);
        g.translate(0, HEIGHT);
        latencyChart(report).paint(g, WIDTH, HEIGHT);
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }

    private static XYChart rateChart(BenchReport r) {
        BenchReferences refs = r.references();
        String ratios = refs == null ? "" : (refs.broker() == null ? "" : String.format(java.util.Locale.ROOT, "; %.2f × broker (%,.0f msg/s)",
                r.achievedPerSecond() / refs.broker().messagesPerSecond(), refs.broker().messagesPerSecond()))
                + (refs.copy() == null ? "" : String.format(java.util.Locale.ROOT, "; %.2f × psql \\copy (%,.0f rows/s)",
                r.achievedPerSecond() / refs.copy().rowsPerSecond(), refs.copy().rowsPerSecond()));
        XYChart chart = base(String.format(java.util.Locale.ROOT, "Varde bench: %,.0f msg/s target, %,.0f achieved, %,d lost, %s%s",
                r.targetRate(), r.achievedPerSecond(), r.lost(), r.sustained() ? "sustained" : "not sustained", ratios), "messages per second");
        List<BenchSample> t = r.timeline();
        line(chart, "offered (published)", t, BenchSample::offered, BLUE, SOLID);
        line(chart, "acknowledged (PUBACK)", t, BenchSample::acknowledged, ORANGE, DASH);
        // A reference rate is drawn only while it leaves the run's own lines readable (up to 3 times the target); the copy's
        // rows/s, and a broker tens of times faster than the run (300,000 msg/s on a fast VM), are only named in the title.
        if (refs != null && refs.broker() != null && !t.isEmpty() && refs.broker().messagesPerSecond() <= 3 * r.targetRate()) {
            level(chart, String.format(java.util.Locale.ROOT, "reference: %s, same generator (%,.0f)", refs.broker().uri(),
                    refs.broker().messagesPerSecond()), t.get(t.size() - 1).second(), refs.broker().messagesPerSecond(), GREEN, DOT);
        }
        return chart;
    }

    private static XYChart latencyChart(BenchReport r) {
        XYChart chart = base("Latency per second (log scale): PUBACK and publish -> stored in PostgreSQL", "milliseconds");
        chart.getStyler().setYAxisLogarithmic(true);
        line(chart, "PUBACK p99", r.timeline(), s -> Math.max(0.1, s.pubackP99Ms()), BLUE, SOLID);
        List<BenchReport.StoredSecond> stored = r.storedTimeline();
        if (!stored.isEmpty()) {
            XYSeries p50 = chart.addSeries("stored p50", stored.stream().mapToDouble(BenchReport.StoredSecond::second).toArray(),
                    stored.stream().mapToDouble(s -> Math.max(0.1, s.p50Ms())).toArray());
            style(p50, GREEN, DOT);
            XYSeries p99 = chart.addSeries("stored p99", stored.stream().mapToDouble(BenchReport.StoredSecond::second).toArray(),
                    stored.stream().mapToDouble(s -> Math.max(0.1, s.p99Ms())).toArray());
            style(p99, VERMILION, DASH);
        }
        return chart;
    }

    private static XYChart base(String title, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("seconds since measuring began")
                .yAxisTitle(yTitle).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesVisible(true);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        return chart;
    }

    private static void line(XYChart chart, String name, List<BenchSample> samples, ToDoubleFunction<BenchSample> y, Color colour,
                             java.awt.BasicStroke stroke) {
        if (samples.isEmpty()) {
            return;
        }
        XYSeries series = chart.addSeries(name, samples.stream().mapToDouble(BenchSample::second).toArray(),
                samples.stream().mapToDouble(y).toArray());
        style(series, colour, stroke);
    }

    /** A reference rate, drawn across the whole run. */
    private static void level(XYChart chart, String name, double end, double y, Color colour, java.awt.BasicStroke stroke) {
        style(chart.addSeries(name, new double[] {0, end}, new double[] {y, y}), colour, stroke);
    }

    private static void style(XYSeries series, Color colour, java.awt.BasicStroke stroke) {
        series.setLineColor(colour);
        series.setLineStyle(stroke);
        series.setMarker(SeriesMarkers.NONE);
    }
}
