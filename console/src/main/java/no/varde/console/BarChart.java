package no.varde.console;

import java.util.List;
import java.util.Locale;

/**
 * Horizontal bars as server-drawn SVG, each labelled with its name and its value in words, so the
 * chart reads without colour and its description gives screen readers every number.
 */
final class BarChart {
    record Bar(String label, double value, String text) {
    }

    private static final int WIDTH = 720;
    private static final int LABEL = 150;
    private static final int ROW = 30;

    private BarChart() {
    }

    static String svg(String id, String title, List<Bar> bars) {
        double max = bars.stream().mapToDouble(b -> Double.isNaN(b.value()) ? 0 : b.value()).max().orElse(0);
        int height = Math.max(1, bars.size()) * ROW + 10;
        StringBuilder desc = new StringBuilder();
        for (Bar b : bars) {
            desc.append(desc.length() == 0 ? "" : "; ").append(b.label()).append(": ").append(b.text());
        }
        StringBuilder s = new StringBuilder(4096);
        s.append("<svg class=\"bars\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height).append("\" role=\"img\" aria-labelledby=\"")
                .append(id).append("-t ").append(id).append("-d\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"").append(id).append("-t\">")
                .append(Html.escape(title)).append("</title><desc id=\"").append(id).append("-d\">").append(Html.escape(desc.toString()))
                .append("</desc>");
        int y = 5;
        for (Bar b : bars) {
            double w = max <= 0 || Double.isNaN(b.value()) ? 0 : (WIDTH - LABEL - 120) * b.value() / max;
            s.append("<text class=\"bar-label\" x=\"").append(LABEL - 8).append("\" y=\"").append(y + 19).append("\" text-anchor=\"end\">")
                    .append(Html.escape(b.label())).append("</text><rect class=\"bar\" x=\"").append(LABEL).append("\" y=\"").append(y + 4)
                    .append("\" width=\"").append(String.format(Locale.ROOT, "%.1f", Math.max(w, 1))).append("\" height=\"20\"/><text class=\"bar-value\" x=\"")
                    .append(String.format(Locale.ROOT, "%.1f", LABEL + Math.max(w, 1) + 6)).append("\" y=\"").append(y + 19).append("\">")
                    .append(Html.escape(b.text())).append("</text>");
            y += ROW;
        }
        return s.append("</svg>").toString();
    }
}
