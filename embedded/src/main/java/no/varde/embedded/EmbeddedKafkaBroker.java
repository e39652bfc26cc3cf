package no.varde.embedded;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka (KRaft, combined broker and controller) inside this JVM, listening on
 * 127.0.0.1 only. It is the real broker, not a fake: the same code as a Kafka cluster node,
 * sized down (few threads, small cleaner buffer) for the one-process platform and for tests.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path logDir;

    private final int port;
    private final int controllerPort;

    private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers, Path logDir, int port, int controllerPort) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.logDir = logDir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    /**
     * Formats {@code logDir} as a new cluster and starts the broker.
     *
     * @param brokerPort the client port, or 0 for a free one
     */
    public static EmbeddedKafkaBroker start(Path logDir, int brokerPort) throws Exception {
        return start(logDir, brokerPort == 0 ? FreePorts.find() : brokerPort, FreePorts.find());
    }

    /**
     * Starts a broker on fixed ports; with a log directory formatted before, it comes back with
     * its topics and records (a restart, as after an outage).
     */
    public static EmbeddedKafkaBroker start(Path logDir, int port, int controllerPort) throws Exception {
        return start(logDir, port, controllerPort, false);
    }

    /**
     * As {@link #start(Path, int, int)}; with {@code syncWrites}, every append is forced to disk
     * before the broker acknowledges it. A Kafka cluster gets its durability from replicas on other
     * machines; a single broker has no other copy, and what sits only in the page cache is gone
     * with the power. The one-node install acknowledges a device's publish only after Kafka did,
     * so its broker syncs (the appends are batches, so this is one fsync per batch, not per reading).
     */
    public static EmbeddedKafkaBroker start(Path logDir, int port, int controllerPort, boolean syncWrites) throws Exception {
        Files.createDirectories(logDir);
        Properties props = brokerProperties(logDir, port, controllerPort);
        if (syncWrites) {
            props.put("log.flush.interval.messages", "1");
        }
        // A directory formatted before (a restart) keeps its cluster id and data.
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format(logDir);
        }
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        server.startup();
        String bootstrap = "127.0.0.1:" + port;
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, bootstrap, logDir, port, controllerPort);
        try {
            broker.awaitReady(Duration.ofSeconds(60));
        } catch (Exception e) {
            broker.close();
            throw e;
        }
        LOG.info("Embedded Kafka broker ready on {} (log dir {})", bootstrap, logDir);
        return broker;
    }

    private static void format(Path logDir) throws Exception {
        new Formatter()
                .setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
                .setNodeId(1)
                .setClusterId(Uuid.randomUuid().toString())
                .setDirectories(Set.of(logDir.toString()))
                .setMetadataLogDirectory(logDir.toString())
                .setControllerListenerName("CONTROLLER")
                .setReleaseVersion(MetadataVersion.latestProduction())
                .run();
    }

    private static Properties brokerProperties(Path logDir, int port, int controllerPort) {
        Properties p = new Properties();
        p.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
                Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("log.dirs", logDir.toString()),
                Map.entry("auto.create.topics.enable", "false"),
                Map.entry("num.partitions", "1"),
                Map.entry("default.replication.factor", "1"),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "4"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("transaction.state.log.num.partitions", "4"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                // One machine, two cores: a handful of threads is plenty.
                Map.entry("num.network.threads", "2"),
                Map.entry("num.io.threads", "2"),
                Map.entry("background.threads", "2"),
                Map.entry("num.recovery.threads.per.data.dir", "1"),
                // The default 128 MB dedupe buffer would dominate the platform's heap.
                Map.entry("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024)),
                Map.entry("log.cleaner.threads", "1"),
                Map.entry("log.segment.bytes", String.valueOf(64 * 1024 * 1024)),
                // After a crash the metadata log still holds the dead process's registration, and the
                // controller refuses the new one until that registration's session has expired (Kafka's
                // default 9 s, retried every 2 s): most of the platform's restart after a kill -9
                // (docs/capacity.md). Broker and controller share this process, so a short session
                // cannot be lost to a network; it only has to outlast a stalled JVM. Under 20,000
                // readings/s on two cores no heartbeat came late with these values.
                Map.entry("broker.session.timeout.ms", "3000"),
                Map.entry("broker.heartbeat.interval.ms", "500")));
        return p;
    }

    private void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            while (true) {
                try {
                    if (!admin.describeCluster(new DescribeClusterOptions().timeoutMs(5000)).nodes()
                            .get(10, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Kafka broker not ready after " + timeout, e);
                    }
                }
                Thread.sleep(100);
            }
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Path logDir() {
        return logDir;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        LOG.info("Embedded Kafka broker stopped");
    }
}
