package no.varde.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The fleet on a plain SVG map drawn from the devices' own coordinates (no map tiles: the console
 * works where OpenStreetMap cannot be reached, and under a strict content security policy). Each
 * zone is the outline around its devices with its name; each device a mark whose shape says its
 * status, so the map is readable without colour. The table beside it carries the same facts.
 */
final class FleetMap {
    static final int WIDTH = 720;
    static final int HEIGHT = 480;
    private static final int PAD = 36;

    private FleetMap() {
    }

    static String svg(List<Fleet.Device> devices, Messages m) {
        List<Fleet.Device> placed = devices.stream().filter(d -> d.latitude() != null && d.longitude() != null).toList();
        StringBuilder b = new StringBuilder(16384);
        b.append("<svg class=\"map\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" aria-labelledby=\"map-t map-d\" xmlns=\"http://www.w3.org/2000/svg\">")
                .append("<title id=\"map-t\">").append(Html.escape(m.get("fleet.map.title"))).append("</title>")
                .append("<desc id=\"map-d\">").append(Html.escape(m.get("fleet.map.desc", placed.size(), devices.size() - placed.size())))
                .append("</desc><rect class=\"land\" x=\"0\" y=\"0\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT).append("\"/>");
        if (placed.isEmpty()) {
            return b.append("</svg>").toString();
        }
        Projection p = Projection.fit(placed);
        Map<String, List<double[]>> zones = new LinkedHashMap<>();
        for (Fleet.Device d : placed) {
            zones.computeIfAbsent(d.zone() == null ? "" : d.zone(), z -> new ArrayList<>()).add(p.xy(d.latitude(), d.longitude()));
        }
        for (Map.Entry<String, List<double[]>> z : zones.entrySet()) {
            List<double[]> hull = hull(z.getValue());
            if (hull.size() >= 3) {
                b.append("<polygon class=\"zone\" points=\"");
                for (double[] pt : hull) {
                    b.append(f(pt[0])).append(',').append(f(pt[1])).append(' ');
                }
                b.append("\"/>");
            }
            if (!z.getKey().isEmpty()) {
                double[] c = centroid(z.getValue());
                b.append("<text class=\"zone-label\" x=\"").append(f(c[0])).append("\" y=\"").append(f(c[1] - 14))
                        .append("\" text-anchor=\"middle\">").append(Html.escape(z.getKey())).append("</text>");
            }
        }
        for (Fleet.Device d : placed) {
            double[] xy = p.xy(d.latitude(), d.longitude());
            b.append("<g class=\"dev dev-").append(d.status().id()).append("\"><title>").append(Html.escape(d.id() + ": "
                    + m.get("fleet.status." + d.status().id()))).append("</title>").append(mark(d.status(), xy[0], xy[1])).append("</g>");
        }
        return b.append("</svg>").toString();
    }

    /** The shape of a status, the same in the legend: circle online, triangle silent, square offline, cross never seen, ring disabled. */
    static String mark(Fleet.Status s, double x, double y) {
        return switch (s) {
            case ONLINE -> "<circle cx=\"" + f(x) + "\" cy=\"" + f(y) + "\" r=\"5\"/>";
            case SILENT -> "<polygon points=\"" + f(x) + "," + f(y - 7) + " " + f(x - 7) + "," + f(y + 5) + " " + f(x + 7) + "," + f(y + 5) + "\"/>";
            case OFFLINE -> "<rect x=\"" + f(x - 5) + "\" y=\"" + f(y - 5) + "\" width=\"10\" height=\"10\"/>";
            case NEVER_SEEN -> "<path d=\"M" + f(x - 5) + " " + f(y - 5) + "L" + f(x + 5) + " " + f(y + 5) + "M" + f(x + 5) + " " + f(y - 5)
                    + "L" + f(x - 5) + " " + f(y + 5) + "\"/>";
            case DISABLED -> "<circle class=\"ring\" cx=\"" + f(x) + "\" cy=\"" + f(y) + "\" r=\"5\"/>";
        };
    }

    /** Equirectangular, longitudes shortened by cos(latitude) so a town at 60° N is not stretched sideways. */
    private record Projection(double minLon, double maxLat, double scale, double kx, double offX, double offY) {
        static Projection fit(List<Fleet.Device> devices) {
            double minLat = Double.MAX_VALUE;
            double maxLat = -Double.MAX_VALUE;
            double minLon = Double.MAX_VALUE;
            double maxLon = -Double.MAX_VALUE;
            for (Fleet.Device d : devices) {
                minLat = Math.min(minLat, d.latitude());
                maxLat = Math.max(maxLat, d.latitude());
                minLon = Math.min(minLon, d.longitude());
                maxLon = Math.max(maxLon, d.longitude());
            }
            double kx = Math.cos(Math.toRadians((minLat + maxLat) / 2));
            double w = Math.max((maxLon - minLon) * kx, 1e-6);
            double h = Math.max(maxLat - minLat, 1e-6);
            double scale = Math.min((WIDTH - 2 * PAD) / w, (HEIGHT - 2 * PAD) / h);
            double offX = (WIDTH - w * scale) / 2;
            double offY = (HEIGHT - h * scale) / 2;
            return new Projection(minLon, maxLat, scale, kx, offX, offY);
        }

        double[] xy(double lat, double lon) {
            return new double[] {offX + (lon - minLon) * kx * scale, offY + (maxLat - lat) * scale};
        }
    }

    /** Andrew's monotone chain: the convex outline of a zone's devices. */
    static List<double[]> hull(List<double[]> points) {
        List<double[]> pts = new ArrayList<>(points);
        pts.sort((a, c) -> a[0] != c[0] ? Double.compare(a[0], c[0]) : Double.compare(a[1], c[1]));
        if (pts.size() < 3) {
            return pts;
        }
        double[][] h = new double[2 * pts.size()][];
        int k = 0;
        for (double[] pt : pts) {
            while (k >= 2 && cross(h[k - 2], h[k - 1], pt) <= 0) {
                k--;
            }
            h[k++] = pt;
        }
        for (int i = pts.size() - 2, t = k + 1; i >= 0; i--) {
            double[] pt = pts.get(i);
            while (k >= t && cross(h[k - 2], h[k - 1], pt) <= 0) {
                k--;
            }
            h[k++] = pt;
        }
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < k - 1; i++) {
            out.add(h[i]);
        }
        return out;
    }

    private static double cross(double[] o, double[] a, double[] b) {
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
    }

    private static double[] centroid(List<double[]> pts) {
        double x = 0;
        double y = 0;
        for (double[] p : pts) {
            x += p[0];
            y += p[1];
        }
        return new double[] {x / pts.size(), y / pts.size()};
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
