package no.varde.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import no.varde.model.DeviceKind;
import no.varde.storage.Databases;
import no.varde.storage.Device;
import no.varde.storage.DeviceRepository;
import no.varde.storage.TokenHasher;
import no.varde.testsupport.Sql;
import org.junit.jupiter.api.Test;

/**
 * {@code varde backup} of a running one-node install and {@code varde restore} into a new data
 * directory, on which the platform starts with the same devices, tokens, readings and alerts.
 */
class BackupRestoreTest {
    private static final List<String> TABLES = List.of("devices", "device_credentials", "readings", "anomalies", "alerts");

    private static PlatformOptions durable(Path dataDir) {
        return new PlatformOptions(dataDir, null, null, null, null, "127.0.0.1", 0, "127.0.0.1", 0, null, Duration.ofSeconds(2), null,
                null, 20, null, 0, 0, 10000, null, false);
    }

    @Test
    void aBackupOfARunningInstallRestoresIntoANewDataDirectoryThatStartsWithTheSameData() throws Exception {
        Path root = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "backup-restore-");
        Path original = root.resolve("varde-data");
        Path backup = root.resolve("backup");
        Path restored = root.resolve("restored");
        String token = TokenHasher.newToken();
        List<String> before;
        try (Platform platform = Platform.start(durable(original))) {
            DataSource db = Databases.dataSource(Files.readString(original.resolve("database-url")).strip(), null, null);
            new DeviceRepository(db).upsert(Device.of("water-42", DeviceKind.WATER, "Nord"), new TokenHasher(10_000).hash(token));
            Sql.exec(db, "INSERT INTO readings (device_id, metric, event_time, value, unit, received_at) SELECT 'water-42', 'water.flow', "
                            + "now() - g * interval '1 minute', g, 'm3/h', now() FROM generate_series(1, 2000) g",
                    "INSERT INTO anomalies (id, kind, severity, status, domain, zone, device_ids, metric, started_at, updated_at, explanation) "
                            + "VALUES (gen_random_uuid(), 'leak', 'critical', 'open', 'water', 'Nord', ARRAY['water-42'], 'water.flow', now(), now(), 'Night flow')",
                    "INSERT INTO alerts (group_key, domain, zone, severity, state, title, summary, opened_at, updated_at) "
                            + "VALUES ('water/Nord/leak', 'water', 'Nord', 'critical', 'open', 'Mulig lekkasje i Nord', 'Nattforbruk', now(), now())");
            before = fingerprints(db);

            String out = varde("backup", backup.toString(), "--data-dir", original.toString());

            assertThat(out).contains("the running platform's database").contains("readings").contains("2,000 rows");
        }
        assertThat(Files.getPosixFilePermissions(backup)).isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.readString(backup.resolve("files/admin-token"))).isEqualTo(Files.readString(original.resolve("admin-token")));

        String out = varde("restore", backup.toString(), "--data-dir", restored.toString());

        assertThat(out).contains("Restored");
        assertThat(Files.readString(restored.resolve("admin-token"))).isEqualTo(Files.readString(original.resolve("admin-token")));
        assertThat(Files.readString(restored.resolve("alerting-secret"))).isEqualTo(Files.readString(original.resolve("alerting-secret")));
        try (Platform platform = Platform.start(durable(restored))) {
            DataSource db = Databases.dataSource(Files.readString(restored.resolve("database-url")).strip(), null, null);
            assertThat(fingerprints(db)).isEqualTo(before);
            assertThat(new DeviceRepository(db).activeCredentials("water-42"))
                    .anySatisfy(c -> assertThat(new TokenHasher(10_000).matches(token, c.secretHash())).isTrue());
            assertThat(platform.health().stored()).isEqualTo(2000);
        }
        // A restore never overwrites a data directory that holds a database.
        assertThat(new picocli.CommandLine(new VardeCli()).execute("restore", backup.toString(), "--data-dir", original.toString())).isNotZero();
    }

    private static List<String> fingerprints(DataSource db) throws SQLException {
        List<String> result = new java.util.ArrayList<>();
        for (String table : TABLES) {
            try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM " + table + " t")) {
                rs.next();
                result.add(table + " " + rs.getString(1));
            }
        }
        return result;
    }

    private static String varde(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(new picocli.CommandLine(new VardeCli()).execute(args)).as(String.join(" ", args)).isZero();
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
