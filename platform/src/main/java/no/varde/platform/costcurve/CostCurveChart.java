package no.varde.platform.costcurve;

import static no.varde.simulator.bench.ChartStyle.BLUE;
import static no.varde.simulator.bench.ChartStyle.DASH;
import static no.varde.simulator.bench.ChartStyle.DOT;
import static no.varde.simulator.bench.ChartStyle.GREEN;
import static no.varde.simulator.bench.ChartStyle.ORANGE;
import static no.varde.simulator.bench.ChartStyle.SOLID;
import static no.varde.simulator.bench.ChartStyle.VERMILION;

import java.awt.BasicStroke;
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
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The cost curve as one PNG of four panels, devices on a log axis: memory, checkpoints, restart,
 * and throughput, in {@link no.varde.simulator.bench.ChartStyle}'s colours and line styles, with a
 * marker of its own for every series. A point that stopped short draws only what it measured.
 */
final class CostCurveChart {
    private static final int WIDTH = 1100;
    private static final int HEIGHT = 440;

    private CostCurveChart() {
    }

    static void write(List<CostPoint> points, String machine, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, 2 * HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        int half = WIDTH / 2;
        memory(points, machine).paint(g, half, HEIGHT);
        g.translate(half, 0);
        checkpoints(points).paint(g, half, HEIGHT);
        g.translate(-half, HEIGHT);
        restart(points).paint(g, half, HEIGHT);
        g.translate(half, 0);
        throughput(points).paint(g, half, HEIGHT);
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }

    private static XYChart memory(List<CostPoint> points, String machine) {
        XYChart chart = base("Memory (" + machine + ")", "MB (log scale)");
        series(chart, "platform RSS (max)", points, CostPoint::rssMaxMb, BLUE, SOLID, SeriesMarkers.CIRCLE);
        series(chart, "heap in use (max)", points, CostPoint::heapMaxMb, ORANGE, DASH, SeriesMarkers.SQUARE);
        series(chart, "checkpoint size (all state)", points, CostPoint::checkpointMb, GREEN, DOT, SeriesMarkers.DIAMOND);
        return chart;
    }

    private static XYChart checkpoints(List<CostPoint> points) {
        XYChart chart = base("Checkpoint duration during the load", "ms (log scale)");
        series(chart, "median", points, CostPoint::checkpointP50Ms, BLUE, SOLID, SeriesMarkers.CIRCLE);
        series(chart, "longest", points, CostPoint::checkpointMaxMs, VERMILION, DASH, SeriesMarkers.TRIANGLE_UP);
        return chart;
    }

    private static XYChart restart(List<CostPoint> points) {
        XYChart chart = base("Start and restart (same data directory)", "seconds (log scale)");
        series(chart, "first start, fleet registered", points, CostPoint::firstStartSeconds, ORANGE, DOT, SeriesMarkers.SQUARE);
        series(chart, "restart until /health/ready", points, CostPoint::restartReadySeconds, BLUE, SOLID, SeriesMarkers.CIRCLE);
        series(chart, "connect storm: all gateways back", points, CostPoint::stormConnectedSeconds, GREEN, DASH, SeriesMarkers.DIAMOND);
        series(chart, "... and their readings stored (state restored)", points, CostPoint::stormStoredSeconds, VERMILION, DASH, SeriesMarkers.TRIANGLE_UP);
        return chart;
    }

    private static XYChart throughput(List<CostPoint> points) {
        XYChart chart = base("Load: every device reporting on its interval", "per second (log scale)");
        series(chart, "readings offered (target)", points, CostPoint::targetRate, ORANGE, DOT, SeriesMarkers.SQUARE);
        series(chart, "readings acknowledged", points, CostPoint::achievedPerSecond, BLUE, SOLID, SeriesMarkers.CIRCLE);
        series(chart, "database commits", points, CostPoint::databaseTransactionsPerSecond, GREEN, DASH, SeriesMarkers.DIAMOND);
        return chart;
    }

    private static XYChart base(String title, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH / 2).height(HEIGHT).title(title).xAxisTitle("devices (log scale)").yAxisTitle(yTitle)
                .build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesVisible(true);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        return chart;
    }

    private static void series(XYChart chart, String name, List<CostPoint> points, ToDoubleFunction<CostPoint> y, Color colour,
                               BasicStroke stroke, Marker marker) {
        List<CostPoint> measured = points.stream().filter(p -> Double.isFinite(y.applyAsDouble(p)) && y.applyAsDouble(p) > 0).toList();
        if (measured.isEmpty()) {
            return;
        }
        XYSeries s = chart.addSeries(name, measured.stream().mapToDouble(CostPoint::devices).toArray(), measured.stream().mapToDouble(y).toArray());
        s.setLineColor(colour);
        s.setLineStyle(stroke);
        s.setMarker(marker);
        s.setMarkerColor(colour);
    }
}
