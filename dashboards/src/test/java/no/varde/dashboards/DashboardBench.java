package no.varde.dashboards;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import no.varde.storage.Migrations;
import no.varde.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * The dashboards' benchmark (bin/bench-dashboards; not part of `mvn verify`, which excludes
 * *Bench classes): 30 days of the simulated town scaled to 1,000 devices in PostgreSQL (readings
 * every 15 minutes, the last 36 hours at the devices' real one-minute density; rollups from
 * them), then every panel, variable and annotation query over its default range and over 30
 * days, 5 timed runs each after one warm-up; the median is reported against the 500 ms target,
 * slowest first, with a chart.
 */
class DashboardBench {
    private static final Duration TARGET = Duration.ofMillis(500);

    record Timing(String query, String range, double medianMs, double maxMs, int rows) {
    }

    @Test
    void everyPanelQueryOverItsDefaultRangeAndOverThirtyDays() throws Exception {
        int devices = Integer.getInteger("varde.bench.devices", 1000);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        // VARDE_BENCH_DB_URL: an existing database to fill once and time again and again (loading takes minutes).
        String reuse = System.getenv("VARDE_BENCH_DB_URL");
        DataSource db = reuse != null ? no.varde.storage.Databases.dataSource(reuse, null, null) : TestInfrastructure.get().newDatabase().dataSource();
        if (reuse == null || !loaded(db)) {
            Migrations.migrate(db);
        }
        if (reuse != null && sizes(db).get("devices") > 0) {
            now = TownHistory.lastReading(db);
            System.out.println("Timing the month already in " + no.varde.storage.Databases.redact(reuse) + ", ending " + now);
        } else {
            System.out.printf("Loading 30 days of %d devices ...%n", devices);
            Instant loadStart = Instant.now();
            TownHistory.loadMonth(db, devices, now.minus(Duration.ofDays(30)), now.minus(Duration.ofHours(36)), now, Duration.ofMinutes(15));
            System.out.printf("Loaded in %d s%n", Duration.between(loadStart, Instant.now()).toSeconds());
        }
        Map<String, Long> sizes = sizes(db);
        System.out.println("Rows: " + sizes);

        PanelQueryRunner runner = new PanelQueryRunner(db, false, DashboardQueriesTest.variables(db));
        List<Timing> timings = new ArrayList<>();
        List<DashboardFiles.Query> queries = DashboardFiles.queries();
        int done = 0;
        for (DashboardFiles.Query q : queries) {
            timings.add(time(runner, q, now, PanelQueryRunner.defaultRange(q), "default"));
            timings.add(time(runner, q, now, Duration.ofDays(30), "30 days"));
            if (++done % 10 == 0) {
                System.out.printf("  timed %d of %d queries%n", done, queries.size());
            }
        }
        timings.sort(Comparator.comparingDouble(Timing::medianMs).reversed());
        long over = timings.stream().filter(t -> t.medianMs() >= TARGET.toMillis()).count();
        System.out.println();
        System.out.println("Slowest (median of 5 runs):");
        timings.stream().limit(12).forEach(t -> System.out.printf(Locale.ROOT, "  %8.1f ms  (max %7.1f, %6d rows)  %s, %s%n",
                t.medianMs(), t.maxMs(), t.rows(), t.query(), t.range()));
        System.out.printf("%d query runs, %d at or over %d ms: target %s%n", timings.size(), over, TARGET.toMillis(), over == 0 ? "met" : "NOT met");
        write(timings, sizes, devices);
    }

    private static Timing time(PanelQueryRunner runner, DashboardFiles.Query q, Instant now, Duration range, String label) throws Exception {
        int rows = runner.check(q, now, range);
        double[] ms = new double[5];
        for (int i = 0; i < ms.length; i++) {
            long t0 = System.nanoTime();
            runner.check(q, now, range);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return new Timing(q.toString(), label + " (" + range + ")", ms[2], ms[4], rows);
    }

    /** A reused database keeps the schema it was loaded with (same version of Varde, or load it again). */
    private static boolean loaded(DataSource db) {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM devices")) {
            rs.next();
            return rs.getLong(1) > 0;
        } catch (java.sql.SQLException e) {
            return false;
        }
    }

    private static Map<String, Long> sizes(DataSource db) throws Exception {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            for (String table : List.of("devices", "readings", "readings_1m", "readings_1h", "anomalies")) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    out.put(table, rs.getLong(1));
                }
            }
        }
        return out;
    }

    private static void write(List<Timing> timings, Map<String, Long> sizes, int devices) throws Exception {
        Path dir = Path.of("target", "dashboard-bench");
        Files.createDirectories(dir);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("machine", no.varde.simulator.bench.BenchRunner.machine());
        report.put("devices", devices);
        report.put("rows", sizes);
        report.put("target_ms", TARGET.toMillis());
        report.put("timings_slowest_first", timings);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("report.json").toFile(), report);
        List<Timing> top = timings.stream().limit(15).toList();
        CategoryChart chart = new CategoryChartBuilder().width(1200).height(600).title("Slowest dashboard queries, median of 5 runs (target 500 ms)")
                .xAxisTitle("query and range").yAxisTitle("milliseconds").build();
        chart.addSeries("median", top.stream().map(t -> shorten(t.query() + " " + t.range())).toList(), top.stream().map(Timing::medianMs).toList());
        chart.getStyler().setSeriesColors(new java.awt.Color[] {new java.awt.Color(0, 114, 178)});
        chart.getStyler().setXAxisLabelRotation(60);
        chart.getStyler().setLegendVisible(false);
        BitmapEncoder.saveBitmap(chart, dir.resolve("chart.png").toString(), BitmapEncoder.BitmapFormat.PNG);
        System.out.println("Report: " + dir.resolve("report.json") + ", chart: " + dir.resolve("chart.png"));
    }

    private static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 59) + "…";
    }
}
