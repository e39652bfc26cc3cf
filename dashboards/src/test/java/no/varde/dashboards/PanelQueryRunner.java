package no.varde.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/** Runs one dashboard query as Grafana would, and checks it gives its panel what the panel type needs. */
final class PanelQueryRunner {
    private final DataSource db;
    private final boolean timescale;
    private final Map<String, List<String>> variables;

    PanelQueryRunner(DataSource db, boolean timescale, Map<String, List<String>> variables) {
        this.db = db;
        this.timescale = timescale;
        this.variables = variables;
    }

    /** The dashboard's own range ("now-24h"), or the panel's override ("30d"). */
    static Duration defaultRange(DashboardFiles.Query q) {
        String from = q.timeFrom() != null ? q.timeFrom() : DashboardFiles.dashboards().stream()
                .filter(d -> d.path("uid").asText().equals(q.dashboard())).findFirst().orElseThrow().path("time").path("from").asText();
        Matcher m = Pattern.compile("(?:now-)?(\\d+)([mhd])").matcher(from);
        assertThat(m.matches()).as("range " + from).isTrue();
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** @return the number of rows */
    int check(DashboardFiles.Query q, Instant to, Duration range) throws Exception {
        String sql = new GrafanaMacros(to.minus(range), to, timescale, withDefaults(q)).expand(q.sql());
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            boolean timeSeries = "time_series".equals(q.format()) || "annotation".equals(q.panelType());
            if (timeSeries) {
                assertThat(meta.getColumnLabel(1)).as(q + ": the first column is time").isEqualTo("time");
            }
            int rows = 0;
            double previous = Double.NEGATIVE_INFINITY;
            while (rs.next()) {
                rows++;
                if (timeSeries && !"annotation".equals(q.panelType())) {
                    double t = epoch(rs.getObject(1));
                    assertThat(t).as(q + ": time sorted ascending").isGreaterThanOrEqualTo(previous);
                    previous = t;
                }
            }
            assertThat(rows).as(q + " over " + range + ":\n" + sql).isPositive();
            return rows;
        }
    }

    /** Custom variables (the quantity) take the value the dashboard starts with. */
    private Map<String, List<String>> withDefaults(DashboardFiles.Query q) {
        Map<String, List<String>> all = new java.util.HashMap<>(variables);
        DashboardFiles.dashboards().stream().filter(d -> d.path("uid").asText().equals(q.dashboard())).findFirst().ifPresent(d -> {
            for (var v : d.path("templating").path("list")) {
                if ("custom".equals(v.path("type").asText()) && !v.path("multi").asBoolean()) {
                    all.put(v.path("name").asText(), List.of(v.path("current").path("value").asText()));
                }
            }
        });
        return all;
    }

    private static double epoch(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof Timestamp t) {
            return t.getTime() / 1000.0;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toEpochSecond();
        }
        throw new AssertionError("time column of type " + (value == null ? "null" : value.getClass()));
    }
}
