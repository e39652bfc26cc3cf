package no.varde.ingest;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import javax.sql.DataSource;
import no.varde.ingest.auth.DeviceAuthenticator;
import no.varde.ingest.kafka.DurableHandoff;
import no.varde.ingest.mqtt.MqttIngestVerticle;
import no.varde.model.MetricCatalogue;
import no.varde.model.validation.ReadingValidator;
import no.varde.storage.DeviceRepository;
import no.varde.storage.TokenHasher;

/** Wires ingest's parts together and deploys the MQTT endpoint: what the platform and tests start. */
public final class IngestService implements AutoCloseable {
    private final Vertx vertx;
    private final DurableHandoff handoff;
    private final MqttIngestVerticle verticle;
    private final IngestMetrics metrics = new IngestMetrics();
    private String deploymentId;

    public IngestService(Vertx vertx, IngestConfig config, DataSource database, String kafkaBootstrap) {
        this.vertx = vertx;
        this.handoff = new DurableHandoff(vertx, kafkaBootstrap, config.readingsTopic(), config.rejectedTopic());
        TelemetryProcessor processor = new TelemetryProcessor(
                new ReadingValidator(MetricCatalogue.standard(), config.validation()), handoff, metrics,
                config.maxPayloadBytes());
        DeviceAuthenticator authenticator = new DeviceAuthenticator(vertx, new DeviceRepository(database), new TokenHasher());
        this.verticle = new MqttIngestVerticle(config, authenticator, processor, metrics);
    }

    public Future<IngestService> start() {
        return vertx.deployVerticle(verticle).map(id -> {
            deploymentId = id;
            return this;
        });
    }

    public int mqttPort() {
        return verticle.actualPort();
    }

    public IngestMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        if (deploymentId != null) {
            vertx.undeploy(deploymentId).await();
        }
        handoff.close();
    }
}
