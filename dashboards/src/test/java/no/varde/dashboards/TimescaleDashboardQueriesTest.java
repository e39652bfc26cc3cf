package no.varde.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import no.varde.storage.Databases;
import no.varde.storage.Migrations;
import no.varde.testsupport.SingleConnectionDataSource;
import no.varde.testsupport.TimescaleServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The same queries on real TimescaleDB (PGlite with TimescaleDB 2.23; hypertables, and the data
 * source's TimescaleDB flag, so time is grouped with time_bucket), over a day of the town.
 */
class TimescaleDashboardQueriesTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    private static DataSource db;

    @BeforeAll
    static void fill() throws Exception {
        db = new SingleConnectionDataSource(TimescaleServer.jdbcUrlOrSkip());
        Migrations.migrate(db);
        assertThat(Databases.hasTimescale(db)).isTrue();
        try (var c = db.getConnection(); var s = c.createStatement()) {
            // The PGlite server has one database shared by the test JVM's Timescale tests: start from empty tables.
            s.execute("TRUNCATE readings, readings_1m, readings_1h, anomalies, alerts, alert_events, alert_anomalies, rejected_messages, "
                    + "notifications, devices CASCADE");
        }
        TownHistory.load(db, 0, NOW.minus(Duration.ofDays(1)), NOW, Duration.ofMinutes(15), false);
    }

    @TestFactory
    Stream<DynamicTest> everyQueryRunsOnTimescaleDb() throws Exception {
        PanelQueryRunner runner = new PanelQueryRunner(db, true, DashboardQueriesTest.variables(db));
        return DashboardFiles.queries().stream().map(q ->
                DynamicTest.dynamicTest(q.toString(), () -> runner.check(q, NOW, PanelQueryRunner.defaultRange(q))));
    }
}
