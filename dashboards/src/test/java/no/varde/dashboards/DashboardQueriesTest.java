package no.varde.dashboards;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import no.varde.storage.Migrations;
import no.varde.testsupport.TestInfrastructure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every panel, variable and annotation query of every dashboard, macros expanded as Grafana would
 * for the dashboard's default range and for 30 days, runs on PostgreSQL filled with three days of
 * the simulated town, and returns rows in the shape its panel needs.
 */
class DashboardQueriesTest {
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    private static DataSource db;

    @BeforeAll
    static void fill() throws Exception {
        db = TestInfrastructure.get().newDatabase().dataSource();
        Migrations.migrate(db);
        TownHistory.load(db, 0, NOW.minus(Duration.ofDays(3)), NOW, Duration.ofMinutes(5));
    }

    static Map<String, List<String>> variables(DataSource db) throws Exception {
        List<String> zones = new ArrayList<>();
        List<String> devices = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT DISTINCT zone FROM devices")) {
                while (rs.next()) {
                    zones.add(rs.getString(1));
                }
            }
            // $device: what a person picks for the per-device panels: two devices of each fleet (not all of a town's).
            try (ResultSet rs = s.executeQuery("SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY split_part(id, '-', 1), "
                    + "split_part(id, '-', 2) ORDER BY id) n FROM devices) x WHERE n <= 2")) {
                while (rs.next()) {
                    devices.add(rs.getString(1));
                }
            }
        }
        List<String> kinds = List.of("water", "air", "traffic");
        return Map.of("zone", zones, "device", devices, "kind", kinds, "domain", kinds);
    }

    @TestFactory
    Stream<DynamicTest> everyQueryRunsAndFeedsItsPanel() throws Exception {
        PanelQueryRunner runner = new PanelQueryRunner(db, false, variables(db));
        return DashboardFiles.queries().stream().flatMap(q -> Stream.of(
                DynamicTest.dynamicTest(q + " (default range)", () -> runner.check(q, NOW, PanelQueryRunner.defaultRange(q))),
                DynamicTest.dynamicTest(q + " (30 days)", () -> runner.check(q, NOW, Duration.ofDays(30)))));
    }
}
