package no.varde.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import no.varde.embedded.EmbeddedKafkaBroker;
import no.varde.embedded.EmbeddedPostgresServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one shared fixture of Varde's tests: a real PostgreSQL server and a real Kafka broker,
 * started once per test JVM (not per class) and stopped when the JVM exits.
 *
 * <p>PostgreSQL, first match wins: {@code VARDE_TEST_DB_URL}; a TimescaleDB container when a
 * Docker engine is reachable; the local server on 127.0.0.1:5432; an embedded server. Kafka: a
 * Kafka container when Docker is reachable, otherwise an in-process KRaft broker. Each test class
 * asks for its own database ({@link #newDatabase()}) and uses its own topic names, so classes
 * never see each other's rows or records.
 */
public final class TestInfrastructure {
    private static final Logger LOG = LoggerFactory.getLogger(TestInfrastructure.class);
    private static final String LOCAL_SERVER_URL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres&connectTimeout=3";
    private static TestInfrastructure instance;

    private final String adminUrl;
    private final String kafkaBootstrap;
    private final String description;
    private final List<String> createdDatabases = new ArrayList<>();

    private TestInfrastructure(String adminUrl, String kafkaBootstrap, String description) {
        this.adminUrl = adminUrl;
        this.kafkaBootstrap = kafkaBootstrap;
        this.description = description;
    }

    public static synchronized TestInfrastructure get() {
        if (instance == null) {
            try {
                instance = start();
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the test infrastructure", e);
            }
        }
        return instance;
    }

    private static TestInfrastructure start() throws Exception {
        Path workDir = Files.createTempDirectory("varde-test-");
        List<AutoCloseable> toClose = new ArrayList<>();
        boolean docker = ContainerServices.dockerAvailable();

        String adminUrl;
        String dbSource;
        String configured = System.getenv("VARDE_TEST_DB_URL");
        if (configured != null && !configured.isBlank()) {
            adminUrl = configured;
            dbSource = "VARDE_TEST_DB_URL";
        } else if (docker) {
            ContainerServices.Started pg = ContainerServices.timescale();
            adminUrl = pg.address();
            toClose.add(pg.container());
            dbSource = "TimescaleDB container";
        } else if (reachable(LOCAL_SERVER_URL)) {
            adminUrl = LOCAL_SERVER_URL;
            dbSource = "local PostgreSQL 127.0.0.1:5432";
        } else {
            EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(workDir.resolve("postgres"), 0);
            toClose.add(pg);
            adminUrl = pg.jdbcUrl();
            dbSource = "embedded PostgreSQL";
        }

        String bootstrap;
        String kafkaSource;
        if (docker) {
            ContainerServices.Started kafka = ContainerServices.kafka();
            toClose.add(kafka.container());
            bootstrap = kafka.address();
            kafkaSource = "Kafka container";
        } else {
            EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(workDir.resolve("kafka"), 0);
            toClose.add(broker);
            bootstrap = broker.bootstrapServers();
            kafkaSource = "in-process Kafka broker";
        }

        TestInfrastructure infra = new TestInfrastructure(adminUrl, bootstrap, dbSource + " + " + kafkaSource);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> infra.shutdown(toClose, workDir), "varde-test-infra-stop"));
        LOG.info("Test infrastructure: {} (Kafka at {})", infra.description, bootstrap);
        return infra;
    }

    /** Creates an empty database for the caller; it is dropped when the test JVM exits. */
    public synchronized TestDatabase newDatabase() {
        String name = "varde_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database (the role needs CREATEDB)", e);
        }
        createdDatabases.add(name);
        return new TestDatabase(withDatabase(adminUrl, name), name);
    }

    public String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    /** A topic name no other test uses. */
    public static String uniqueTopic(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public String description() {
        return description;
    }

    static String withDatabase(String url, String database) {
        // jdbc:postgresql://host:port/db?params -> same URL with another database.
        int slash = url.indexOf('/', "jdbc:postgresql://".length());
        int query = url.indexOf('?', slash);
        return url.substring(0, slash + 1) + database + (query < 0 ? "" : url.substring(query));
    }

    private static boolean reachable(String url) {
        try (Connection ignored = DriverManager.getConnection(url)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private void shutdown(List<AutoCloseable> toClose, Path workDir) {
        try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
            for (String name : createdDatabases) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        } catch (SQLException e) {
            LOG.warn("could not drop test databases: {}", e.getMessage());
        }
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception e) {
                LOG.warn("could not stop {}: {}", toClose.get(i), e.getMessage());
            }
        }
        deleteRecursively(workDir);
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception e) {
            LOG.debug("could not delete {}", dir);
        }
    }
}
