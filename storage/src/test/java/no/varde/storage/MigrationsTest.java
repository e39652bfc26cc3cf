package no.varde.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;
import no.varde.testsupport.TestInfrastructure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MigrationsTest {
    private static DataSource db;

    @BeforeAll
    static void migrate() {
        db = TestInfrastructure.get().newDatabase().dataSource();
        Migrations.migrate(db);
    }

    @Test
    void secondRunAppliesNothing() {
        assertThat(Migrations.migrate(db).migrationsExecuted).isZero();
    }

    @Test
    void readingsKeyMakesReplaysIdempotent() throws SQLException {
        Instant t = Instant.parse("2026-11-23T10:00:00Z");
        try (Connection c = db.getConnection()) {
            String sql = "INSERT INTO readings (device_id, metric, event_time, value, unit, received_at) "
                    + "VALUES (?, 'water.pressure', ?, ?, 'bar', now()) ON CONFLICT DO NOTHING";
            for (double value : new double[] {4.1, 9.9}) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, "w-1");
                    ps.setTimestamp(2, Timestamp.from(t));
                    ps.setDouble(3, value);
                    ps.executeUpdate();
                }
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*), min(value) FROM readings")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
                assertThat(rs.getDouble(2)).isEqualTo(4.1);
            }
        }
    }

    @Test
    void readingsIsAHypertableExactlyWhenTimescaleIsInstalled() throws SQLException {
        boolean timescale = Databases.hasTimescale(db);
        boolean hypertable;
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            if (timescale) {
                try (ResultSet rs = s.executeQuery(
                        "SELECT count(*) FROM timescaledb_information.hypertables WHERE hypertable_name = 'readings'")) {
                    rs.next();
                    hypertable = rs.getInt(1) == 1;
                }
            } else {
                try (ResultSet rs = s.executeQuery("SELECT to_regclass('public.readings') IS NOT NULL")) {
                    rs.next();
                    assertThat(rs.getBoolean(1)).isTrue();
                }
                hypertable = false;
            }
        }
        assertThat(hypertable).isEqualTo(timescale);
    }

    @Test
    void anomaliesAndAlertsKeepOneUnresolvedAlertPerProblem() throws Exception {
        AlertSchemaChecks.oneUnresolvedAlertPerGroup(db);
    }

    @Test
    void deviceIdsAreRestrictedToSafeCharacters() throws SQLException {
        DeviceRepository devices = new DeviceRepository(db);
        assertThatThrownBy(() -> devices.upsert(
                Device.of("bad/id#", no.varde.model.DeviceKind.AIR, null), "h"))
                .isInstanceOf(SQLException.class);
    }
}
