package no.varde.platform;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import no.varde.alerting.AlertingService;
import no.varde.console.ConsoleMount;
import no.varde.platform.evaluate.SimulatedIncidents;
import no.varde.alerting.config.AlertingConfig;
import no.varde.alerting.config.AlertingConfigLoader;
import no.varde.embedded.EmbeddedKafkaBroker;
import no.varde.embedded.EmbeddedPostgresServer;
import no.varde.ingest.IngestConfig;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import no.varde.ingest.IngestMetrics;
import no.varde.ingest.IngestService;
import no.varde.ingest.http.IngestHttpApi;
import no.varde.ingest.kafka.VardeTopics;
import no.varde.simulator.CitySimulator;
import no.varde.simulator.Simulation;
import no.varde.simulator.city.Town;
import no.varde.simulator.link.LinkSettings;
import no.varde.simulator.scenario.ScenarioLoader;
import no.varde.opendata.OpenData;
import no.varde.opendata.OpenDataSettings;
import no.varde.storage.TokenHasher;
import no.varde.simulator.Fleet;
import no.varde.storage.Databases;
import no.varde.storage.DeadLetterRetention;
import no.varde.storage.Migrations;
import no.varde.storage.ReadingQueries;
import no.varde.storage.ReadingStats;
import no.varde.streamjobs.Connectors;
import no.varde.streamjobs.LocalFlink;
import no.varde.streamjobs.ReadingsJob;
import no.varde.streamjobs.RetainedCheckpoints;
import no.varde.streamjobs.StateBackendChoice;
import no.varde.streamjobs.StateBackendSwitch;
import no.varde.ingest.TlsSettings;
import no.varde.streamjobs.detect.LimitRules;
import no.varde.streamjobs.StreamJobsConfig;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline in one JVM: PostgreSQL and Kafka (embedded unless given), migrations, the
 * readings job on a local Flink MiniCluster, the MQTT ingest endpoint, the HTTP health endpoint
 * and a simulated demo fleet. Parts are closed in the reverse order they were started.
 */
public final class Platform implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Platform.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    /** Where each part listens, in start order; written from the two start-up threads too. */
    private final Map<String, String> listeners = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
    private final Instant startedAt = Instant.now();
    private Path workDir;
    /** Ports of the embedded services in a durable data directory; null when ephemeral (any free port). */
    private RememberedPorts ports;
    private ReadingStats readingStats;
    private IngestMetrics ingestMetrics;
    private JobClient streamJob;
    private JobReadiness jobReadiness;
    private PlatformHttpServer httpServer;
    private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private IngestService ingest;
    private CitySimulator simulator;

    /**
     * Settings named as environment variables: the console's sign-in (VARDE_OIDC_*, VARDE_PUBLIC_URL),
     * the open data's (VARDE_OPEN_DATA_*) and the stream job's state backend (VARDE_STATE_BACKEND,
     * VARDE_ROCKSDB_MEMORY), with what {@code varde run}'s options set laid over the environment.
     */
    private final Map<String, String> settings;

    private Platform(Map<String, String> settings) {
        this.settings = settings;
    }

    public static Platform start(PlatformOptions options) throws Exception {
        return start(options, System.getenv());
    }

    /**
     * @param settings the console's, the open data's and the state backend's settings (VARDE_OIDC_*,
     *                 VARDE_OPEN_DATA_*, VARDE_PUBLIC_URL, VARDE_STATE_BACKEND, VARDE_ROCKSDB_MEMORY), as the
     *                 environment would give them
     */
    public static Platform start(PlatformOptions options, Map<String, String> settings) throws Exception {
        Platform platform = new Platform(settings);
        try {
            platform.startParts(options);
            return platform;
        } catch (Exception | Error e) {
            platform.close();
            throw e;
        }
    }

    private void startParts(PlatformOptions options) throws Exception {
        started.push(DataDirectory.lock(options.workDir()));
        if (options.ephemeral()) {
            workDir = DataDirectory.prepareEphemeral(options.workDir());
            started.push(() -> DataDirectory.deleteRecursively(workDir));
        } else {
            workDir = DataDirectory.openDurable(options.workDir());
            ports = new RememberedPorts(workDir.resolve("ports.properties"));
        }

        // The database and the broker do not depend on each other: start them side by side.
        CompletableFuture<String> database = CompletableFuture.supplyAsync(() -> startDatabase(options));
        CompletableFuture<String> kafka = CompletableFuture.supplyAsync(() -> startKafka(options));
        String dbUrl = database.get(120, TimeUnit.SECONDS);
        String bootstrap = kafka.get(120, TimeUnit.SECONDS);

        // For 'varde bench' to read back what it sent (only the owner may read it; an external URL is written without secrets).
        DataDirectorySecrets.writePrivate(workDir.resolve("database-url"), (options.embeddedDatabase() ? dbUrl : Databases.redact(dbUrl)) + "\n");
        DataSource db = Databases.dataSource(dbUrl, options.dbUser(), options.dbPassword());
        Migrations.migrate(db);
        readingStats = new ReadingStats(db);
        VardeTopics.ensure(bootstrap, topicPartitions(options), (short) 1, VardeTopics.ALL);
        DemoSimulation demo = options.simulation();
        Simulation simulation = null;
        Town town = null;
        Fleet fleet = null;
        if (demo != null) {
            simulation = new Simulation(ScenarioLoader.loadOrDefault(demo.scenario()), demo.devices(), demo.interval(), demo.seed(), 1.0,
                    Instant.now(), null, demo.incidents(), demo.incidents() ? workDir.resolve("ground-truth.jsonl") : null);
            town = simulation.town();
            Fleet generated = Fleet.forTown(town, demo.gateways(), "demo-gw", TokenHasher::newToken);
            fleet = options.ephemeral() ? DemoFleet.provision(db, generated, workDir.resolve("demo-fleet.csv"))
                    : DemoFleet.provisionKeeping(db, generated, workDir.resolve("demo-fleet.csv"));
            DemoFleet.placeInTown(db, town);
        }

        if (options.loadDevices() > 0) {
            DemoFleet.provisionLoadFleet(db, options.loadDevices(), options.loadGateways(), options.loadTokenIterations(),
                    workDir.resolve("load-fleet.csv"));
            listeners.put("load fleet", options.loadDevices() + " devices" + (options.loadGateways() > 0 ? " behind "
                    + options.loadGateways() + " gateways" : "") + " in " + workDir.resolve("load-fleet.csv"));
        }

        startStreamJob(new StreamJobsConfig(bootstrap, VardeTopics.READINGS, VardeTopics.REJECTED, VardeTopics.ANOMALIES, StreamJobsConfig.DEFAULT_GROUP,
                dbUrl, options.dbUser(), options.dbPassword(), options.checkpointInterval()));

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(8));
        started.push(() -> vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
        DeadLetterRetention retention = new DeadLetterRetention(db);
        vertx.setPeriodic(Duration.ofMinutes(1).toMillis(), Duration.ofHours(1).toMillis(), id -> vertx.executeBlocking(
                () -> retention.purge(Instant.now()), false).onFailure(e -> LOG.warn("Dead-letter retention failed: {}", e.getMessage())));
        new JvmMemoryMetrics().bindTo(prometheus);
        new JvmGcMetrics().bindTo(prometheus);
        new JvmThreadMetrics().bindTo(prometheus);
        new ProcessorMetrics().bindTo(prometheus);
        TlsSettings tls = options.ephemeral() ? options.tls() : DataDirectorySecrets.developmentTls(options.tls(), workDir.resolve("tls"));
        ingest = new IngestService(vertx, IngestConfig.defaults(options.mqttHost(), options.mqttPort()).withTls(tls)
                        .withRateLimit(options.deviceRatePerSecond(), Math.max(IngestConfig.DEFAULT_BURST, 5 * options.deviceRatePerSecond())),
                db, bootstrap, new IngestMetrics(prometheus));
        ingest.start().await();
        started.push(ingest);
        ingestMetrics = ingest.metrics();
        listeners.put("mqtt", "tcp://" + options.mqttHost() + ":" + ingest.mqttPort());
        if (tls != null) {
            String devCertificate = ingest.selfSignedCertificatePath() != null ? ingest.selfSignedCertificatePath()
                    : options.tls().selfSigned() ? tls.certPath() : null;
            listeners.put("mqtt-tls", "ssl://" + options.mqttHost() + ":" + ingest.mqttTlsPort()
                    + (devCertificate == null ? "" : " (development certificate " + devCertificate + ")"));
        }

        String adminToken = DataDirectorySecrets.adminToken(options.adminToken(), workDir.resolve("admin-token"));
        AlertingService alerting = startAlerting(options, db, bootstrap, vertx);
        String consoleSecret = DataDirectorySecrets.alertingSecret(System.getenv("VARDE_ALERTING_SECRET"), workDir.resolve("alerting-secret"));
        OpenDataSettings openData = OpenDataSettings.fromEnv(settings);
        httpServer = new PlatformHttpServer(options.httpHost(), options.httpPort(), this::health,
                ingest.httpRouter(new IngestHttpApi.HttpSecrets(adminToken, options.integrationToken()), prometheus),
                new ReadingQueries(db), router -> {
                    alerting.mount(router, vertx, adminToken);
                    OpenData.mount(router, vertx, db, openData, settings.getOrDefault("VARDE_PUBLIC_URL", localUrl(options)), adminToken);
                    ConsoleMount.mount(router, vertx, alerting, new ReadingQueries(db), settings, localUrl(options),
                            consoleSecret, options.simulation() != null && options.simulation().incidents()
                                    ? new SimulatedIncidents(workDir.resolve("ground-truth.jsonl")) : null);
                });
        vertx.deployVerticle(httpServer).await();
        listeners.put("http", "http://" + options.httpHost() + ":" + httpServer.actualPort() + "/health");
        listeners.put("open data", settings.getOrDefault("VARDE_PUBLIC_URL", localUrl(options)) + openData.staPath()
                + " (SensorThings API), /open-data/catalog (DCAT-AP-NO)");
        listeners.put("console", settings.getOrDefault("VARDE_PUBLIC_URL", localUrl(options)) + "/console/"
                + (settings.get("VARDE_OIDC_ISSUER") == null ? " (sign-in not set up: VARDE_OIDC_ISSUER, see docs/console.md)" : ""));
        if (options.adminToken() == null) {
            listeners.put("admin", "token in " + workDir.resolve("admin-token"));
        }

        if (simulation != null) {
            simulator = simulation.start(town, fleet, LinkSettings.defaults(listeners.get("mqtt")));
            started.push(simulator);
            listeners.put("simulator", String.format(java.util.Locale.ROOT, "%d devices of '%s', %.1f msg/s%s", town.devices().size(),
                    town.scenario().name(), town.messagesPerSecond(), demo.incidents() ? "; incidents in " + workDir.resolve("ground-truth.jsonl") : ""));
        }
        LOG.info("Varde is up in {} ms", Duration.between(startedAt, Instant.now()).toMillis());
    }

    /** How a browser on this machine reaches the HTTP server (VARDE_PUBLIC_URL says otherwise for other machines). */
    private static String localUrl(PlatformOptions options) {
        String host = "0.0.0.0".equals(options.httpHost()) ? "localhost" : options.httpHost();
        return "http://" + host + ":" + options.httpPort();
    }

    /** Alerting in this process: the given alerting.yaml, or the demo's, whose only channel is notifications.jsonl in the work directory. */
    private AlertingService startAlerting(PlatformOptions options, DataSource db, String bootstrap, Vertx vertx) throws Exception {
        AlertingConfig config = options.alertingConfig() != null ? AlertingConfigLoader.load(options.alertingConfig(), System.getenv())
                : AlertingConfigLoader.resource("/alerting/demo.yaml", System.getenv());
        java.util.function.Supplier<String> publicUrl = null;
        if (System.getenv("VARDE_PUBLIC_URL") == null && options.alertingConfig() == null) {
            // The demo's links point at this process's HTTP server, whose port is known once it listens.
            String host = "0.0.0.0".equals(options.httpHost()) ? "localhost" : options.httpHost();
            publicUrl = () -> "http://" + host + ":" + (httpServer == null ? options.httpPort() : httpServer.actualPort());
        }
        // Seals residents' addresses and signs links: kept in the data directory, beside the database it unlocks.
        String secret = DataDirectorySecrets.alertingSecret(System.getenv("VARDE_ALERTING_SECRET"), workDir.resolve("alerting-secret"));
        if (options.ephemeral() && !options.embeddedDatabase() && System.getenv("VARDE_ALERTING_SECRET") == null) {
            LOG.warn("VARDE_ALERTING_SECRET is not set: residents' subscriptions made in this throw-away run cannot be read after it");
        }
        AlertingService alerting = AlertingService.start(config, db, vertx, new AlertingService.Options(bootstrap, VardeTopics.ANOMALIES,
                AlertingService.Options.DEFAULT_GROUP, secret, workDir, java.time.Clock.systemUTC(), publicUrl));
        started.push(alerting);
        listeners.put("alerting", config.channels().keySet() + (options.alertingConfig() == null
                ? ", notifications in " + workDir.resolve("notifications.jsonl") : " from " + options.alertingConfig()));
        return alerting;
    }

    private String startDatabase(PlatformOptions options) {
        if (!options.embeddedDatabase()) {
            listeners.put("postgres", Databases.redact(options.dbUrl()));
            return options.dbUrl();
        }
        try {
            EmbeddedPostgresServer pg = ports == null ? EmbeddedPostgresServer.start(workDir.resolve("postgres"), 0)
                    : EmbeddedPostgresServer.startKeeping(workDir.resolve("postgres"), ports.port("postgres"));
            synchronized (started) {
                started.push(pg);
            }
            listeners.put("postgres", pg.jdbcUrl() + " (embedded)");
            return pg.jdbcUrl();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the embedded PostgreSQL", e);
        }
    }

    /**
     * One partition per topic on the embedded broker, three on an external Kafka. The embedded broker
     * forces every append to disk before it acknowledges (it has no replica to hold a copy), once for
     * each partition a produce request touches, and ingest answers PUBACK only after that; the
     * one-process job reads with one source task anyway. At 10,000 msg/s on a 2-core VM, one partition
     * against three: PUBACK p99 340-388 against 407-517 ms, four runs each (docs/capacity.md 2026-12-06).
     * A cluster's job reads an external Kafka's partitions in parallel. Topics that exist are left as
     * they are: a data directory made by an earlier build keeps its three.
     */
    static int topicPartitions(PlatformOptions options) {
        return options.embeddedKafka() ? 1 : 3;
    }

    private String startKafka(PlatformOptions options) {
        if (!options.embeddedKafka()) {
            listeners.put("kafka", options.kafkaBootstrap());
            return options.kafkaBootstrap();
        }
        try {
            EmbeddedKafkaBroker broker = ports == null ? EmbeddedKafkaBroker.start(workDir.resolve("kafka"), 0)
                    : EmbeddedKafkaBroker.start(workDir.resolve("kafka"), ports.port("kafka"), ports.port("kafka-controller"), true);
            synchronized (started) {
                started.push(broker);
            }
            listeners.put("kafka", broker.bootstrapServers() + " (embedded)");
            return broker.bootstrapServers();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the embedded Kafka broker", e);
        }
    }

    private void startStreamJob(StreamJobsConfig config) throws Exception {
        // Resuming from the last checkpoint brings back the Kafka offsets and the windows' and detectors' state together:
        // the job replays what came after it, and the rollup upserts write whole minutes again instead of partial ones.
        Path checkpoints = workDir.resolve("checkpoints");
        Path resumeFrom = !durable() ? null : RetainedCheckpoints.latest(checkpoints).orElse(null);
        RetainedCheckpoints.prune(checkpoints, 2);
        StateBackendChoice backend = StateBackendChoice.fromSettings(settings);
        org.apache.flink.configuration.MemorySize rocksDbMemory = StateBackendChoice.rocksDbMemory(settings);
        LimitRules limits = LimitRules.configured(System.getenv());
        if (!backend.canResume(checkpoints, resumeFrom)) {
            resumeFrom = StateBackendSwitch.convert(checkpoints, resumeFrom, backend, rocksDbMemory,
                    env -> ReadingsJob.buildAll(env, config, limits), ReadingsJob.NAME, java.time.Duration.ofMinutes(10));
        }
        backend.claim(checkpoints, resumeFrom);
        if (backend == StateBackendChoice.ROCKSDB) {
            LOG.info("Stream-job state in RocksDB ({}, {} of memory of its own: --rocksdb-memory, VARDE_ROCKSDB_MEMORY): more CPU per reading than on "
                    + "the heap, for a heap that holds no state and incremental checkpoints (docs/capacity.md)",
                    workDir.resolve("rocksdb"), rocksDbMemory.toHumanReadableString());
        }
        int restPort = no.varde.embedded.FreePorts.find();
        StreamExecutionEnvironment env = LocalFlink.environment(checkpoints, resumeFrom, restPort, backend, rocksDbMemory);
        ReadingsJob.buildAll(env, config, limits);
        streamJob = env.executeAsync(ReadingsJob.NAME);
        jobReadiness = new JobReadiness(restPort, streamJob.getJobID().toString());
        started.push(() -> streamJob.cancel().get(30, TimeUnit.SECONDS));
        listeners.put("flink", "local MiniCluster (" + backend.flinkName() + " state), job " + streamJob.getJobID()
                + (resumeFrom == null ? "" : ", resumed from " + workDir.relativize(resumeFrom)));
    }

    private boolean durable() {
        return ports != null;
    }

    /** Counters and state now; reads the database, so call it off event loops. */
    public HealthReport health() {
        long stored = -1;
        String problem = null;
        try {
            stored = readingStats.storedCount();
        } catch (Exception e) {
            problem = "database: " + e.getMessage();
        }
        JobReadiness.Status job = jobStatus();
        if (problem == null) {
            problem = job.problem();
        }
        return new HealthReport(problem == null,
                Duration.between(startedAt, Instant.now()).toSeconds(),
                ingestMetrics.readingsAccepted(), stored, ingestMetrics.rejectedTotal(),
                ingestMetrics.rejectedByReason(), ingestMetrics.connectedDevices(), job.job(), listeners(), problem);
    }

    /** The job's state and whether all its tasks run, from Flink's REST endpoint; the job client's state alone if that cannot answer. */
    private JobReadiness.Status jobStatus() {
        try {
            return jobReadiness.check();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debug("Flink's REST endpoint did not answer ({}); using the job client's state", e.toString());
        }
        String job;
        try {
            job = streamJob.getJobStatus().get(5, TimeUnit.SECONDS).name();
        } catch (Exception e) {
            job = "UNKNOWN";
        }
        return new JobReadiness.Status(job, "RUNNING".equals(job) ? null : "stream job is " + job);
    }

    public Map<String, String> listeners() {
        synchronized (listeners) {
            return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(listeners));
        }
    }

    public int mqttPort() {
        return ingest.mqttPort();
    }

    public int httpPort() {
        return httpServer.actualPort();
    }

    public Path workDir() {
        return workDir;
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable part = started.pop();
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("Stopping {} failed: {}", part, e.getMessage());
            }
        }
        LOG.info("Varde stopped");
    }
}
