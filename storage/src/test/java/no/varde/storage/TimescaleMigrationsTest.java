package no.varde.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;
import no.varde.model.DeviceKind;
import no.varde.testsupport.SingleConnectionDataSource;
import no.varde.testsupport.TimescaleServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same migrations and repository on real TimescaleDB (PGlite + TimescaleDB 2.23 over the wire
 * protocol): `readings` becomes a hypertable and the idempotent insert still works. Needs Node.js,
 * which .ci/run makes sure of.
 */
class TimescaleMigrationsTest {
    private static DataSource db;

    @BeforeAll
    static void migrate() {
        String url = TimescaleServer.jdbcUrlOrSkip();
        // PGlite serves one connection at a time: every user shares one.
        db = new SingleConnectionDataSource(url);
        Migrations.migrate(db);
    }

    @Test
    void readingsIsAHypertableAndReplaysStayIdempotent() throws Exception {
        assertThat(Databases.hasTimescale(db)).isTrue();
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery(
                    "SELECT count(*) FROM timescaledb_information.hypertables "
                            + "WHERE hypertable_name IN ('readings', 'readings_1m', 'readings_1h', 'rejected_messages')")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(4);
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM timescaledb_information.jobs "
                    + "WHERE proc_name = 'policy_retention' AND hypertable_name = 'rejected_messages'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("30-day retention of dead letters").isEqualTo(1);
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM timescaledb_information.jobs "
                    + "WHERE proc_name = 'policy_compression' AND hypertable_name = 'readings'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("compression of old readings").isEqualTo(1);
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM timescaledb_information.jobs "
                    + "WHERE proc_name = 'policy_retention' AND hypertable_name = 'readings'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("retention of raw readings").isEqualTo(1);
            }
            for (int i = 0; i < 2; i++) {
                s.executeUpdate("INSERT INTO readings (device_id, metric, event_time, value, unit, received_at) VALUES "
                        + "('ts-1', 'water.ph', '2026-11-23T10:00:00Z', 7.1, 'pH', now()) ON CONFLICT (device_id, metric, event_time) DO NOTHING");
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM readings WHERE device_id = 'ts-1'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        }
    }

    @Test
    void anomaliesAndAlertsKeepOneUnresolvedAlertPerProblem() throws Exception {
        AlertSchemaChecks.oneUnresolvedAlertPerGroup(db);
    }

    @Test
    void theReadQueriesRunOnTimescale() throws Exception {
        java.time.Instant t0 = java.time.Instant.parse("2026-02-01T00:00:00Z");
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO readings (device_id, metric, event_time, value, unit, received_at) VALUES "
                    + "('tq-1', 'air.no2', '2026-02-01T00:10:00Z', 20, 'ug/m3', now()), ('tq-1', 'air.no2', '2026-02-01T00:20:00Z', 22, 'ug/m3', now())");
            s.executeUpdate("INSERT INTO readings_1h SELECT 'tq-1', 'air.no2', h, 60, 10, 30, 20, 20, h + interval '59 minutes' "
                    + "FROM generate_series(timestamptz '2026-02-01', timestamptz '2026-12-31', interval '1 hour') AS h");
        }
        ReadingQueries queries = new ReadingQueries(db);
        assertThat(queries.latest("tq-1", null)).extracting(LatestReading::value).containsExactly(22.0);
        assertThat(queries.series("tq-1", "air.no2", t0, t0.plusSeconds(3600)).points()).hasSize(2);
        Series year = queries.series("tq-1", "air.no2", t0, t0.plus(java.time.Duration.ofDays(330)));
        assertThat(year.points().size()).isLessThanOrEqualTo(ReadingQueries.MAX_POINTS);
        assertThat(year.points()).allSatisfy(p -> assertThat(p.value()).isEqualTo(20.0));
    }

    @Test
    void deviceRegistryWorksOnTimescale() throws Exception {
        DeviceRepository devices = new DeviceRepository(db);
        devices.upsert(Device.of("ts-dev", DeviceKind.WATER, "Nord").withModel("X", Map.of("dev_eui", "AB01")), "hash");
        assertThat(devices.activeCredentials("ts-dev")).extracting(StoredCredential::secretHash).containsExactly("hash");
        assertThat(devices.findByDevEui("ab01")).map(Device::id).contains("ts-dev");
    }
}
