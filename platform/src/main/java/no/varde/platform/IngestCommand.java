package no.varde.platform;

import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import no.varde.ingest.IngestConfig;
import no.varde.ingest.IngestMetrics;
import no.varde.ingest.IngestService;
import no.varde.ingest.TlsSettings;
import no.varde.ingest.http.IngestHttpApi;
import no.varde.ingest.kafka.VardeTopics;
import no.varde.model.codec.ReadingEncoding;
import no.varde.simulator.Fleet;
import no.varde.simulator.Simulation;
import no.varde.simulator.city.Town;
import no.varde.simulator.scenario.ScenarioLoader;
import no.varde.storage.Migrations;
import no.varde.storage.TokenHasher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code varde ingest}: only the ingest tier (MQTT, HTTP telemetry, admin API, /metrics), against
 * an external Kafka and database: the distributed shape in docker-compose.yml. It is stateless,
 * so several instances can run behind a TCP load balancer. Applies migrations and creates missing
 * topics first.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Run the ingest tier alone against external Kafka and PostgreSQL/TimescaleDB.")
final class IngestCommand implements Callable<Integer> {
    @Mixin
    ExternalServicesOptions external;

    @Option(names = "--mqtt-host", defaultValue = "${env:VARDE_MQTT_HOST:-0.0.0.0}", description = "Listen address (default: ${DEFAULT-VALUE}).")
    String mqttHost;

    @Option(names = "--mqtt-port", defaultValue = "${env:VARDE_MQTT_PORT:-1883}", description = "MQTT port (default: ${DEFAULT-VALUE}).")
    int mqttPort;

    @Option(names = "--mqtt-tls-port", defaultValue = "${env:VARDE_MQTT_TLS_PORT:-8883}", description = "MQTT over TLS port (default: ${DEFAULT-VALUE}).")
    int mqttTlsPort;

    @Mixin
    TlsOptions tls;

    @Option(names = "--http-host", defaultValue = "${env:VARDE_HTTP_HOST:-0.0.0.0}", description = "HTTP listen address (default: ${DEFAULT-VALUE}).")
    String httpHost;

    @Option(names = "--http-port", defaultValue = "${env:VARDE_HTTP_PORT:-8080}", description = "HTTP port (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--device-rate", defaultValue = "${env:VARDE_DEVICE_RATE:-20}",
            description = "Messages per second each device may send on average; 0 switches the limit off (default: ${DEFAULT-VALUE}).")
    double deviceRate;

    @Option(names = "--readings-encoding", defaultValue = "${env:VARDE_READINGS_ENCODING:-binary}",
            description = "How readings are written to Kafka: binary (compact, the default) or json (for a rolling upgrade: until every "
                    + "stream job reads binary; env VARDE_READINGS_ENCODING) (default: ${DEFAULT-VALUE}).")
    String readingsEncoding;

    @Option(names = "--demo-fleet", description = "Register the built-in town's devices and write their credentials to this file (for 'varde simulate' and 'varde load').")
    Path demoFleet;

    @Override
    public Integer call() throws Exception {
        DataSource db = external.database();
        Migrations.migrate(db);
        VardeTopics.ensure(external.kafka, 3, (short) 1, VardeTopics.ALL);
        if (demoFleet != null) {
            Town town = Simulation.town(ScenarioLoader.defaultScenario(), 0, null);
            DemoFleet.provision(db, Fleet.forTown(town, 0, "demo-gw", TokenHasher::newToken), demoFleet);
        }
        String adminToken = System.getenv("VARDE_ADMIN_TOKEN");
        if (adminToken == null || adminToken.isBlank()) {
            System.err.println("VARDE_ADMIN_TOKEN is not set: the admin API is off.");
            adminToken = null;
        }
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(prometheus);
        IngestMetrics metrics = new IngestMetrics(prometheus);
        Vertx vertx = Vertx.vertx();
        // In production a certificate is expected; without one the TLS listener stays off (and says so).
        TlsSettings tlsSettings = tls.settings(mqttTlsPort, false);
        if (tlsSettings == null) {
            System.err.println("No VARDE_TLS_CERT/VARDE_TLS_KEY: MQTT over TLS is off; put TLS termination in front or configure them.");
        }
        IngestService ingest = new IngestService(vertx, IngestConfig.defaults(mqttHost, mqttPort).withTls(tlsSettings)
                .withRateLimit(deviceRate, Math.max(IngestConfig.DEFAULT_BURST, 5 * deviceRate))
                .withReadingsEncoding(ReadingEncoding.parse(readingsEncoding)), db, external.kafka, metrics);
        ingest.start().await();
        Instant started = Instant.now();
        Map<String, String> listeners = new LinkedHashMap<>();
        listeners.put("mqtt", mqttHost + ":" + ingest.mqttPort());
        listeners.put("kafka", external.kafka);
        PlatformHttpServer http = new PlatformHttpServer(httpHost, httpPort, () -> {
            String problem = StandaloneTier.databaseProblem(db);
            return new HealthReport(problem == null, java.time.Duration.between(started, Instant.now()).toSeconds(),
                    metrics.readingsAccepted(), -1, metrics.rejectedTotal(), metrics.rejectedByReason(),
                    metrics.connectedDevices(), "external", listeners, problem);
        }, ingest.httpRouter(new IngestHttpApi.HttpSecrets(adminToken, integrationToken()), prometheus), null);
        vertx.deployVerticle(http).await();
        StandaloneTier.runUntilShutdown("ingest", () -> {
            ingest.close();
            vertx.close().await();
        });
        return 0;
    }

    /** LoRaWAN network servers authenticate their webhooks with this bearer token (env VARDE_INTEGRATION_TOKEN). */
    private static String integrationToken() {
        String token = System.getenv("VARDE_INTEGRATION_TOKEN");
        if (token == null || token.isBlank()) {
            System.err.println("VARDE_INTEGRATION_TOKEN is not set: the LoRaWAN integrations are off.");
            return null;
        }
        return token;
    }
}
