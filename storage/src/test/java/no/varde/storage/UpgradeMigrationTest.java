package no.varde.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import javax.sql.DataSource;
import no.varde.testsupport.TestInfrastructure;
import org.flywaydb.core.api.output.MigrateResult;
import no.varde.testsupport.Sql;
import org.junit.jupiter.api.Test;

/**
 * A database written by an older Varde starts on this one: Flyway brings it forward and the data
 * written at the older version is still there and readable by today's code. Two starting points:
 * the first schema with readings (V2: credential hashes still on the device row, moved by V3) and
 * the last before alerting (V10: an open alert that V11 extends with escalation columns).
 */
class UpgradeMigrationTest {
    private static final TokenHasher HASHER = new TokenHasher(10_000);

    @Test
    void aDatabaseAtV2WithDevicesAndReadingsMigratesKeepingTokensAndReadings() throws Exception {
        DataSource db = TestInfrastructure.get().newDatabase().dataSource();
        Migrations.configure(db).target("2").load().migrate();
        String token = TokenHasher.newToken();
        Sql.exec(db, "INSERT INTO devices (id, kind, zone, credential_hash) VALUES ('water-old', 'water', 'Nord', '" + HASHER.hash(token) + "')",
                "INSERT INTO readings (device_id, metric, event_time, value, unit, received_at) SELECT 'water-old', 'water.pressure', "
                        + "timestamptz '2026-11-30 10:00:00+00' + g * interval '10 seconds', 4 + g / 1000.0, 'bar', now() FROM generate_series(0, 599) g");

        MigrateResult result = Migrations.migrate(db);

        assertThat(result.initialSchemaVersion).isEqualTo("2");
        assertThat(result.migrationsExecuted).isGreaterThanOrEqualTo(10);
        // The token issued under V2 still authenticates: its hash moved to device_credentials.
        DeviceRepository devices = new DeviceRepository(db);
        assertThat(devices.find("water-old")).get().satisfies(d -> {
            assertThat(d.device().zone()).isEqualTo("Nord");
            assertThat(d.activeCredentials()).isEqualTo(1);
        });
        assertThat(devices.activeCredentials("water-old")).anySatisfy(c -> assertThat(HASHER.matches(token, c.secretHash())).isTrue());
        assertThat(Sql.count(db, "SELECT count(*) FROM readings WHERE device_id = 'water-old'")).isEqualTo(600);
        assertThat(new ReadingQueries(db).series("water-old", "water.pressure", Instant.parse("2026-11-30T10:00:00Z"),
                Instant.parse("2026-11-30T12:00:00Z")).points()).isNotEmpty();
    }

    @Test
    void aDatabaseAtV10WithAnOpenAlertMigratesAndTheAlertStaysOpen() throws Exception {
        DataSource db = TestInfrastructure.get().newDatabase().dataSource();
        Migrations.configure(db).target("10").load().migrate();
        Sql.exec(db, "INSERT INTO anomalies (id, kind, severity, status, domain, zone, device_ids, metric, started_at, updated_at, explanation) "
                        + "VALUES ('00000000-0000-0000-0000-000000000001', 'limit', 'critical', 'open', 'water', 'Nord', ARRAY['water-1'], "
                        + "'water.chlorine', now(), now(), 'Chlorine 0.01 mg/l, below 0.05')",
                "INSERT INTO alerts (group_key, first_anomaly_id, domain, zone, severity, state, title, summary, opened_at, updated_at) "
                        + "VALUES ('water/Nord/limit', '00000000-0000-0000-0000-000000000001', 'water', 'Nord', 'critical', 'open', "
                        + "'Low chlorine in Nord', 'Chlorine below limit', now(), now())",
                "INSERT INTO readings_1m (device_id, metric, bucket, count, min, max, avg, last, last_time) "
                        + "VALUES ('water-1', 'water.chlorine', date_trunc('minute', now()), 6, 0.01, 0.02, 0.015, 0.01, now())");

        MigrateResult result = Migrations.migrate(db);

        assertThat(result.initialSchemaVersion).isEqualTo("10");
        assertThat(Sql.count(db, "SELECT count(*) FROM alerts WHERE state = 'open' AND notified_occurrences = 0 AND reminders_sent = 0")).isEqualTo(1);
        assertThat(Sql.count(db, "SELECT count(*) FROM readings_1m WHERE count = 6")).isEqualTo(1);
        // ... and the migrated schema is today's: a second run has nothing to do.
        assertThat(Migrations.migrate(db).migrationsExecuted).isZero();
    }

    @Test
    void anHourThatCountedACorrectedMinuteTwiceIsRebuiltFromItsMinutesAndOthersAreLeftAlone() throws Exception {
        DataSource db = TestInfrastructure.get().newDatabase().dataSource();
        Migrations.configure(db).target("18").load().migrate();
        String minute = "INSERT INTO readings_1m (device_id, metric, bucket, count, min, max, avg, last, last_time) VALUES ";
        String hour = "INSERT INTO readings_1h (device_id, metric, bucket, count, min, max, avg, last, last_time) VALUES ";
        Sql.exec(db,
                // no2-1, 03:00: minute 03:00 had 10 and 20, was emitted, then corrected by a late 30 (the row holds all three);
                // minute 03:02 holds 40. The hour got the minute as emitted (2 readings), again as corrected (3) and 03:02:
                // 6 readings, 140 / 6, where the minutes say 4 readings, mean 25.
                minute + "('no2-1', 'air.no2', '2026-11-23 03:00:00+00', 3, 10, 30, 20, 20, '2026-11-23 03:00:20+00'),"
                        + " ('no2-1', 'air.no2', '2026-11-23 03:02:00+00', 1, 40, 40, 40, 40, '2026-11-23 03:02:10+00')",
                hour + "('no2-1', 'air.no2', '2026-11-23 03:00:00+00', 6, 10, 40, " + 140 / 6.0 + ", 40, '2026-11-23 03:02:10+00')",
                // no2-2, the same hour, counted right: left alone.
                minute + "('no2-2', 'air.no2', '2026-11-23 03:05:00+00', 2, 5, 7, 6, 7, '2026-11-23 03:05:30+00')",
                hour + "('no2-2', 'air.no2', '2026-11-23 03:00:00+00', 2, 5, 7, 6, 7, '2026-11-23 03:05:30+00')");

        Migrations.migrate(db);

        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT device_id, count, min, max, avg, last, last_time FROM readings_1h ORDER BY device_id")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt("count")).isEqualTo(4);
            assertThat(rs.getDouble("avg")).isEqualTo(25);
            assertThat(rs.getDouble("min")).isEqualTo(10);
            assertThat(rs.getDouble("max")).isEqualTo(40);
            assertThat(rs.getDouble("last")).isEqualTo(40);
            assertThat(rs.getTimestamp("last_time").toInstant()).isEqualTo(Instant.parse("2026-11-23T03:02:10Z"));
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("device_id")).isEqualTo("no2-2");
            assertThat(rs.getInt("count")).isEqualTo(2);
            assertThat(rs.getDouble("avg")).isEqualTo(6);
        }
    }

    @Test
    void anAlertsMembersAtV20KeepWhetherTheyAreOpenOnTheirLinks() throws Exception {
        DataSource db = TestInfrastructure.get().newDatabase().dataSource();
        Migrations.configure(db).target("20").load().migrate();
        String anomaly = "INSERT INTO anomalies (id, kind, severity, status, domain, zone, device_ids, started_at, updated_at, explanation) VALUES ";
        Sql.exec(db, anomaly + "('00000000-0000-0000-0000-00000000000a', 'silence', 'warning', 'open', 'air', 'Sentrum', ARRAY['air-1'], now(), now(), 'silent')",
                anomaly + "('00000000-0000-0000-0000-00000000000b', 'silence', 'warning', 'closed', 'air', 'Sentrum', ARRAY['air-2'], now(), now(), 'silent')",
                "INSERT INTO alerts (id, group_key, first_anomaly_id, domain, zone, severity, state, title, summary, opened_at, updated_at) "
                        + "VALUES (7, 'air/Sentrum/silence', '00000000-0000-0000-0000-00000000000a', 'air', 'Sentrum', 'warning', 'open', "
                        + "'Silent sensors in Sentrum', 'silent', now(), now())",
                "INSERT INTO alert_anomalies (alert_id, anomaly_id) VALUES (7, '00000000-0000-0000-0000-00000000000a'), "
                        + "(7, '00000000-0000-0000-0000-00000000000b')");

        Migrations.migrate(db);

        assertThat(Sql.count(db, "SELECT count(*) FROM alert_anomalies WHERE open AND anomaly_id = '00000000-0000-0000-0000-00000000000a'")).isEqualTo(1);
        assertThat(Sql.count(db, "SELECT count(*) FROM alert_anomalies WHERE NOT open AND anomaly_id = '00000000-0000-0000-0000-00000000000b'")).isEqualTo(1);
    }
}
