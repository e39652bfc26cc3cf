package no.varde.console;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import no.varde.storage.SeriesPoint;

/**
 * The affected series around an anomaly as server-drawn SVG: the readings as a line, the band
 * the detector expected as a shaded area, and the anomaly's start (and end) as labelled lines.
 * No script, so it works under a strict content security policy and without JavaScript; screen
 * readers get the title and a sentence, and the page offers the numbers as a table.
 */
final class SeriesChart {
    static final int WIDTH = 720;
    static final int HEIGHT = 260;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 16;
    private static final int BOTTOM = 40;

    private SeriesChart() {
    }

    /**
     * @param low  expected band's lower edge, NaN when the detector gave none
     * @param high expected band's upper edge, NaN when none
     */
    static String svg(String id, String title, String description, List<SeriesPoint> points, double low, double high, Instant from,
                      Instant to, Instant anomalyStart, Instant anomalyEnd, Messages m) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (SeriesPoint p : points) {
            min = Math.min(min, p.min());
            max = Math.max(max, p.max());
        }
        for (double edge : new double[] {low, high}) {
            if (!Double.isNaN(edge) && !Double.isInfinite(edge)) {
                min = Math.min(min, edge);
                max = Math.max(max, edge);
            }
        }
        if (!(min <= max)) {
            min = 0;
            max = 1;
        }
        if (max - min < 1e-9) {
            min -= 0.5;
            max += 0.5;
        }
        // Round numbers on the value axis: the range widened to whole steps of 1, 2 or 5 times a power of ten.
        double step = niceStep((max - min) / 4);
        Scale s = new Scale(from.toEpochMilli(), to.toEpochMilli(), Math.floor(min / step) * step, Math.ceil(max / step) * step);

        StringBuilder b = new StringBuilder(8192);
        b.append("<svg class=\"chart\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" aria-labelledby=\"").append(id).append("-t ").append(id).append("-d\" xmlns=\"http://www.w3.org/2000/svg\">")
                .append("<title id=\"").append(id).append("-t\">").append(Html.escape(title)).append("</title>")
                .append("<desc id=\"").append(id).append("-d\">").append(Html.escape(description)).append("</desc>");
        if (!Double.isNaN(low) && !Double.isNaN(high) && !Double.isInfinite(low) && !Double.isInfinite(high)) {
            double y1 = s.y(high);
            double y2 = s.y(low);
            b.append("<rect class=\"band\" x=\"").append(LEFT).append("\" y=\"").append(f(y1)).append("\" width=\"")
                    .append(WIDTH - LEFT - RIGHT).append("\" height=\"").append(f(Math.max(1, y2 - y1))).append("\"/>");
        }
        axes(b, s, m);
        marker(b, s, anomalyStart, m.get("chart.start"));
        if (anomalyEnd != null && anomalyEnd.isBefore(to)) {
            marker(b, s, anomalyEnd, m.get("chart.end"));
        }
        if (!points.isEmpty()) {
            b.append("<polyline class=\"line\" points=\"");
            for (SeriesPoint p : points) {
                b.append(f(s.x(p.time().toEpochMilli()))).append(',').append(f(s.y(p.value()))).append(' ');
            }
            b.append("\"/>");
            if (points.size() == 1) {
                SeriesPoint p = points.get(0);
                b.append("<circle class=\"dot\" r=\"4\" cx=\"").append(f(s.x(p.time().toEpochMilli()))).append("\" cy=\"")
                        .append(f(s.y(p.value()))).append("\"/>");
            }
        }
        return b.append("</svg>").toString();
    }

    private static void axes(StringBuilder b, Scale s, Messages m) {
        b.append("<g class=\"axis\">");
        double step = niceStep((s.vMax - s.vMin) / 4);
        for (double v = s.vMin; v <= s.vMax + step / 2; v += step) {
            double y = s.y(v);
            b.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"").append(f(y))
                    .append("\" y2=\"").append(f(y)).append("\"/>")
                    .append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(f(y + 4)).append("\" text-anchor=\"end\">")
                    .append(Html.escape(m.number(v))).append("</text>");
        }
        for (int i = 0; i <= 4; i++) {
            long t = s.tMin + (s.tMax - s.tMin) * i / 4;
            b.append("<text x=\"").append(f(s.x(t))).append("\" y=\"").append(HEIGHT - BOTTOM + 18)
                    .append("\" text-anchor=\"middle\">").append(Html.escape(m.time(Instant.ofEpochMilli(t)))).append("</text>");
        }
        b.append("</g>");
    }

    private static void marker(StringBuilder b, Scale s, Instant at, String label) {
        if (at == null || at.toEpochMilli() < s.tMin || at.toEpochMilli() > s.tMax) {
            return;
        }
        double x = s.x(at.toEpochMilli());
        b.append("<line class=\"marker\" x1=\"").append(f(x)).append("\" x2=\"").append(f(x)).append("\" y1=\"").append(TOP)
                .append("\" y2=\"").append(HEIGHT - BOTTOM).append("\"/><text class=\"marker-label\" x=\"").append(f(x + 4))
                .append("\" y=\"").append(TOP + 12).append("\">").append(Html.escape(label)).append("</text>");
    }

    /** The smallest of 1, 2 or 5 times a power of ten that is at least {@code rough}. */
    static double niceStep(double rough) {
        if (!(rough > 0)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(rough)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * power >= rough * 0.999) {
                return m * power;
            }
        }
        return 10 * power;
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private record Scale(long tMin, long tMax, double vMin, double vMax) {
        double x(long t) {
            return LEFT + (WIDTH - LEFT - RIGHT) * (double) (t - tMin) / Math.max(1, tMax - tMin);
        }

        double y(double v) {
            return TOP + (HEIGHT - TOP - BOTTOM) * (1 - (v - vMin) / (vMax - vMin));
        }
    }
}
