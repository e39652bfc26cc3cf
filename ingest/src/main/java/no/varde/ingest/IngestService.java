package no.varde.ingest;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import javax.sql.DataSource;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.ext.web.Router;
import no.varde.ingest.auth.DeviceAuthenticator;
import no.varde.ingest.http.IngestHttpApi;
import no.varde.storage.DeviceRegistryService;
import no.varde.ingest.auth.TopicAuthorizer;
import no.varde.ingest.kafka.DurableHandoff;
import no.varde.ingest.mqtt.MqttIngestVerticle;
import no.varde.model.MetricCatalogue;
import no.varde.model.validation.ReadingValidator;
import no.varde.storage.DeviceRepository;
import no.varde.storage.StorageCounters;
import no.varde.storage.TokenHasher;
import io.micrometer.core.instrument.FunctionCounter;

/** Wires ingest's parts together and deploys the MQTT endpoint: what the platform and tests start. */
public final class IngestService implements AutoCloseable {
    private final Vertx vertx;
    private final DurableHandoff handoff;
    private final MqttIngestVerticle verticle;
    private final IngestPipeline pipeline;
    private final RateLimiter limiter;
    private final IngestConfig config;
    private final DeviceRegistryService registry;
    private final DeviceRepository devices;
    private final StorageCounters counters;
    private final java.util.concurrent.atomic.AtomicLong conflictingDuplicates = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong undecodableRecords = new java.util.concurrent.atomic.AtomicLong();
    private String deploymentId;
    private long evictionTimer = -1;
    private long countersTimer = -1;

    public IngestService(Vertx vertx, IngestConfig config, DataSource database, String kafkaBootstrap) {
        this(vertx, config, database, kafkaBootstrap, new IngestMetrics());
    }

    public IngestService(Vertx vertx, IngestConfig config, DataSource database, String kafkaBootstrap, IngestMetrics metrics) {
        this.vertx = vertx;
        this.config = config;
        this.registry = new DeviceRegistryService(new DeviceRepository(database), new TokenHasher());
        this.handoff = new DurableHandoff(vertx, kafkaBootstrap, config.readingsTopic(), config.rejectedTopic(),
                config.statusTopic(), config.kafkaDeliveryTimeout(), config.readingsEncoding());
        this.devices = new DeviceRepository(database);
        TelemetryProcessor processor = new TelemetryProcessor(
                new ReadingValidator(MetricCatalogue.standard(), config.validation()), handoff, metrics,
                config.maxPayloadBytes());
        this.limiter = new RateLimiter(config.ratePerSecond(), config.rateBurst());
        this.pipeline = new IngestPipeline(new DeviceAuthenticator(vertx, devices, new TokenHasher()),
                new TopicAuthorizer(vertx, devices), limiter, processor,
                new DeviceStatusReporter(vertx, handoff, devices), metrics);
        this.verticle = new MqttIngestVerticle(config, pipeline);
        this.counters = new StorageCounters(database);
        // Counted where the conflict is found (the readings sink, possibly on another machine) and
        // kept in the database; /metrics shows the stored count, refreshed every 15 s.
        FunctionCounter.builder("varde.readings.conflicting.duplicates", conflictingDuplicates, java.util.concurrent.atomic.AtomicLong::get)
                .description("Readings that came with a different value for a device, metric and time already stored "
                        + "(dead-lettered as conflicting_duplicate; the first value is kept)")
                .register(metrics.registry());
        FunctionCounter.builder("varde.kafka.undecodable.records", undecodableRecords, java.util.concurrent.atomic.AtomicLong::get)
                .description("Kafka records the stream job or alerting could not decode (kept in undecodable_records)")
                .register(metrics.registry());
    }

    private void refreshCounters() {
        // One worker task for both: a failed read (database away) leaves the last values standing.
        vertx.executeBlocking(() -> {
            conflictingDuplicates.set(counters.value(StorageCounters.CONFLICTING_DUPLICATES));
            undecodableRecords.set(counters.undecodableRecords());
            return null;
        }, false);
    }

    /** Readings dead-lettered as conflicting duplicates, as last read from the database. */
    public long conflictingDuplicates() {
        return conflictingDuplicates.get();
    }

    public Future<IngestService> start() {
        evictionTimer = vertx.setPeriodic(60_000, id -> limiter.evictIdle());
        refreshCounters();
        countersTimer = vertx.setPeriodic(15_000, id -> refreshCounters());
        return vertx.executeBlocking(() -> {
            handoff.warmUp(java.time.Duration.ofSeconds(60));
            return null;
        }).compose(warm -> vertx.deployVerticle(verticle)).map(id -> {
            deploymentId = id;
            return this;
        });
    }

    public int mqttPort() {
        return verticle.actualPort();
    }

    public int mqttTlsPort() {
        return verticle.actualTlsPort();
    }

    public String selfSignedCertificatePath() {
        return verticle.selfSignedCertificatePath();
    }

    public IngestMetrics metrics() {
        return pipeline.metrics();
    }

    /** For other protocol adapters (HTTP) that share authentication, limits and processing. */
    public IngestPipeline pipeline() {
        return pipeline;
    }

    /**
     * Ingest's HTTP endpoints (telemetry, admin API when {@code adminToken} is given, OpenAPI,
     * /metrics when {@code prometheus} is given), for the caller's HTTP server.
     */
    public Router httpRouter(String adminToken, PrometheusMeterRegistry prometheus) {
        return httpRouter(new IngestHttpApi.HttpSecrets(adminToken, null), prometheus);
    }

    public Router httpRouter(IngestHttpApi.HttpSecrets secrets, PrometheusMeterRegistry prometheus) {
        return IngestHttpApi.router(vertx, pipeline, Math.max(4 * config.maxPayloadBytes(), 256 * 1024), registry,
                devices, secrets, prometheus);
    }

    @Override
    public void close() {
        vertx.cancelTimer(evictionTimer);
        vertx.cancelTimer(countersTimer);
        if (deploymentId != null) {
            vertx.undeploy(deploymentId).await();
        }
        pipeline.status().close();
        handoff.close();
    }
}
