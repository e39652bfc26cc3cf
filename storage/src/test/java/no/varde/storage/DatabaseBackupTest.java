package no.varde.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import no.varde.model.DeviceKind;
import no.varde.testsupport.TestInfrastructure;
import no.varde.testsupport.Sql;
import org.junit.jupiter.api.Test;

/** A backup restores into an empty database with every row of every table, and its sequences continue after the restored rows. */
class DatabaseBackupTest {
    @Test
    void restoresEveryTableRowForRowIntoAnEmptyDatabase() throws Exception {
        DataSource original = TestInfrastructure.get().newDatabase().dataSource();
        Migrations.migrate(original);
        DeviceRepository devices = new DeviceRepository(original);
        TokenHasher hasher = new TokenHasher(10_000);
        devices.upsert(Device.of("gw-1", DeviceKind.GATEWAY, "Nord"), hasher.hash("gateway-token"));
        devices.upsert(Device.of("air-1", DeviceKind.AIR, "Sentrum").withGateway("gw-1"), null);
        devices.upsert(Device.of("water-1", DeviceKind.WATER, "Østre \"bydel\"\ttab").withLocation(59.9, 10.7), hasher.hash("water-token"));
        Sql.exec(original,
                "INSERT INTO readings (device_id, metric, event_time, value, unit, received_at) SELECT 'water-1', 'water.pressure', "
                        + "timestamptz '2026-12-01 00:00+00' + g * interval '1 minute', g / 7.0, 'bar', now() FROM generate_series(1, 5000) g",
                "INSERT INTO readings_1m (device_id, metric, bucket, count, min, max, avg, last, last_time) VALUES "
                        + "('water-1', 'water.pressure', '2026-12-01 00:01+00', 1, 0.1, 0.1, 0.1, 0.1, '2026-12-01 00:01+00')",
                "INSERT INTO rejected_messages (received_at, kafka_partition, kafka_offset, device_id, topic, reasons, rejections, payload, "
                        + "payload_size, payload_truncated) VALUES (now(), 0, 7, 'water-1', 'sensors/water-1/telemetry', ARRAY['malformed_payload'], "
                        + "'[{\"reason\":\"malformed_payload\"}]', '\\x00ff0a5c0d'::bytea, 5, false)",
                "INSERT INTO anomalies (id, kind, severity, status, domain, zone, device_ids, metric, started_at, updated_at, explanation) "
                        + "VALUES ('00000000-0000-0000-0000-00000000000a', 'limit', 'critical', 'open', 'water', 'Nord', ARRAY['water-1'], "
                        + "'water.pressure', now(), now(), E'Trykk under 2 bar\\nsjekk pumpe')",
                "INSERT INTO alerts (group_key, first_anomaly_id, domain, zone, severity, state, title, summary, opened_at, updated_at) "
                        + "VALUES ('water/Nord/limit', '00000000-0000-0000-0000-00000000000a', 'water', 'Nord', 'critical', 'open', "
                        + "'Lavt trykk i Nord', 'Trykk under grensen', now(), now())");
        Path dir = Files.createTempDirectory(Path.of("target"), "backup-");
        List<String> progress = new ArrayList<>();

        Map<String, Long> written = DatabaseBackup.write(original, dir, progress::add);

        assertThat(written).containsEntry("readings", 5000L).containsEntry("devices", 3L).containsEntry("alerts", 1L);
        assertThat(progress).anySatisfy(line -> assertThat(line).contains("readings").contains("5,000"));
        DataSource restored = TestInfrastructure.get().newDatabase().dataSource();
        Map<String, Long> loaded = DatabaseBackup.restore(restored, dir, line -> { });
        assertThat(loaded).isEqualTo(written);
        assertThat(Sql.count(restored, "SELECT reltuples::bigint FROM pg_class WHERE oid = 'public.readings'::regclass"))
                .as("planner statistics gathered").isEqualTo(5000);
        for (String table : written.keySet()) {
            assertThat(fingerprint(restored, table)).as(table).isEqualTo(fingerprint(original, table));
        }
        // Restored tokens still authenticate, and new rows continue the sequences instead of colliding.
        assertThat(new DeviceRepository(restored).activeCredentials("water-1"))
                .anySatisfy(c -> assertThat(hasher.matches("water-token", c.secretHash())).isTrue());
        Sql.exec(restored, "UPDATE alerts SET state = 'resolved'",
                "INSERT INTO alerts (group_key, domain, zone, severity, state, title, summary, opened_at, updated_at) "
                        + "VALUES ('water/Nord/limit', 'water', 'Nord', 'warning', 'open', 't', 's', now(), now())");
        assertThat(Sql.count(restored, "SELECT count(*) FROM alerts")).isEqualTo(2);
    }

    @Test
    void refusesToRestoreOverADatabaseThatHoldsVardeAlready() throws Exception {
        DataSource db = TestInfrastructure.get().newDatabase().dataSource();
        Migrations.migrate(db);
        Path dir = Files.createTempDirectory(Path.of("target"), "backup-");
        DatabaseBackup.write(db, dir, line -> { });
        assertThatThrownBy(() -> DatabaseBackup.restore(db, dir, line -> { })).hasMessageContaining("restore into an empty one");
    }

    @Test
    void aBackupWhoseRowsDoNotMatchItsManifestIsRefusedAndLoadsNothing() throws Exception {
        DataSource db = TestInfrastructure.get().newDatabase().dataSource();
        Migrations.migrate(db);
        new DeviceRepository(db).upsert(Device.of("air-9", DeviceKind.AIR, "Vest"), null);
        Path dir = Files.createTempDirectory(Path.of("target"), "backup-");
        DatabaseBackup.write(db, dir, line -> { });
        Path manifest = dir.resolve(DatabaseBackup.MANIFEST);
        Files.writeString(manifest, Files.readString(manifest).replace("rows.devices=1", "rows.devices=2"));
        DataSource target = TestInfrastructure.get().newDatabase().dataSource();
        assertThatThrownBy(() -> DatabaseBackup.restore(target, dir, line -> { })).hasMessageContaining("backup damaged: devices");
        assertThat(Sql.count(target, "SELECT count(*) FROM devices")).isZero();
    }

    private static String fingerprint(DataSource db, String table) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM " + table + " t")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
