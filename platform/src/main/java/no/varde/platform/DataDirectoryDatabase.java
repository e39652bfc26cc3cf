package no.varde.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import no.varde.embedded.EmbeddedPostgresServer;
import no.varde.storage.Databases;

/**
 * The embedded database of a data directory, for the tools that work on it from outside the
 * platform (backup, restore): the running platform's, found through the {@code database-url} it
 * wrote, or, when no platform runs there, the directory's own cluster started for the tool and
 * stopped afterwards, with the directory locked meanwhile so no platform starts on it.
 */
final class DataDirectoryDatabase implements AutoCloseable {
    private final DataSource dataSource;
    private final String description;
    private final AutoCloseable lock;
    private final EmbeddedPostgresServer server;

    private DataDirectoryDatabase(DataSource dataSource, String description, AutoCloseable lock, EmbeddedPostgresServer server) {
        this.dataSource = dataSource;
        this.description = description;
        this.lock = lock;
        this.server = server;
    }

    /** The database of {@code dataDir}, running or not; fails when the directory holds none. */
    static DataDirectoryDatabase open(Path dataDir) throws Exception {
        if (!Files.exists(dataDir.resolve("postgres/data/PG_VERSION"))) {
            throw new IllegalStateException(dataDir + " holds no embedded database (was the platform run with an external --db-url?)");
        }
        AutoCloseable lock;
        try {
            lock = DataDirectory.lock(dataDir);
        } catch (IllegalStateException running) {
            String url = Files.readString(dataDir.resolve("database-url"), StandardCharsets.UTF_8).strip();
            return new DataDirectoryDatabase(Databases.dataSource(url, null, null), "the running platform's database", null, null);
        }
        return startOwn(dataDir, lock);
    }

    /** A new, empty database in {@code dataDir}, which must not hold one yet (restore). */
    static DataDirectoryDatabase create(Path dataDir) throws Exception {
        if (Files.exists(dataDir.resolve("postgres/data"))) {
            throw new IllegalStateException(dataDir + " already holds a database; restore into a new data directory");
        }
        AutoCloseable lock = DataDirectory.lock(dataDir);
        DataDirectory.openDurable(dataDir);
        return startOwn(dataDir, lock);
    }

    private static DataDirectoryDatabase startOwn(Path dataDir, AutoCloseable lock) throws Exception {
        try {
            int port = new RememberedPorts(dataDir.resolve("ports.properties")).port("postgres");
            EmbeddedPostgresServer server = EmbeddedPostgresServer.startKeeping(dataDir.resolve("postgres"), port);
            return new DataDirectoryDatabase(Databases.dataSource(server.jdbcUrl(), null, null),
                    "the data directory's database (started for this command)", lock, server);
        } catch (Exception e) {
            lock.close();
            throw e;
        }
    }

    DataSource dataSource() {
        return dataSource;
    }

    String description() {
        return description;
    }

    @Override
    public void close() throws Exception {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            if (lock != null) {
                lock.close();
            }
        }
    }

    /** The files beside the database that a restored install needs to work as before. */
    static final java.util.List<String> KEPT_FILES = java.util.List.of("admin-token", "alerting-secret", "tls/dev-cert.pem",
            "tls/dev-key.pem", "demo-fleet.csv", "load-fleet.csv");

    static int copyKeptFiles(Path from, Path to) throws IOException {
        int copied = 0;
        for (String name : KEPT_FILES) {
            Path source = from.resolve(name);
            if (Files.exists(source)) {
                Files.createDirectories(to.resolve(name).getParent());
                DataDirectorySecrets.writePrivate(to.resolve(name), Files.readString(source, StandardCharsets.UTF_8));
                copied++;
            }
        }
        return copied;
    }
}
