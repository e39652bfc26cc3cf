package no.varde.platform;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import no.varde.alerting.AlertingService;
import no.varde.console.ConsoleMount;
import no.varde.opendata.OpenData;
import no.varde.opendata.OpenDataSettings;
import no.varde.storage.ReadingQueries;
import no.varde.alerting.config.AlertingConfig;
import no.varde.alerting.config.AlertingConfigLoader;
import no.varde.ingest.kafka.VardeTopics;
import no.varde.storage.Migrations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code varde alerting}: alerting as its own service against external Kafka and PostgreSQL (the
 * distributed shape in docker-compose.yml): the anomaly feed, the lifecycle clock, the outbox
 * workers and the alerts API with its signed-link pages. Several instances may run side by side.
 */
@Command(name = "alerting", mixinStandardHelpOptions = true,
        description = "Run alerting alone: alerts from varde.anomalies, notifications, the alerts API.")
final class AlertingCommand implements Callable<Integer> {
    @Option(names = "--config", defaultValue = "${env:VARDE_ALERTING_CONFIG}", required = true,
            description = "alerting.yaml: rota, routes, channels (env VARDE_ALERTING_CONFIG; example: alerting/alerting-example.yaml).")
    Path config;

    @Mixin
    ExternalServicesOptions external;

    @Option(names = "--http-host", defaultValue = "${env:VARDE_HTTP_HOST:-0.0.0.0}", description = "HTTP listen address (default: ${DEFAULT-VALUE}).")
    String httpHost;

    @Option(names = "--http-port", defaultValue = "${env:VARDE_ALERTING_HTTP_PORT:-8090}", description = "HTTP port (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Override
    public Integer call() throws Exception {
        String secret = System.getenv("VARDE_ALERTING_SECRET");
        if (secret == null || secret.length() < 32) {
            System.err.println("VARDE_ALERTING_SECRET must be set to at least 32 characters: it seals residents' addresses and signs links.");
            return 2;
        }
        String adminToken = System.getenv("VARDE_ADMIN_TOKEN");
        if (adminToken == null || adminToken.isBlank()) {
            System.err.println("VARDE_ADMIN_TOKEN is not set: the alerts API answers 401 to everything; signed links still work.");
            adminToken = null;
        }
        AlertingConfig alertingConfig = AlertingConfigLoader.load(config, System.getenv());
        DataSource db = external.database();
        Migrations.migrate(db);
        VardeTopics.ensure(external.kafka, 3, (short) 1, VardeTopics.ANOMALIES);
        Vertx vertx = Vertx.vertx();
        AlertingService alerting = AlertingService.start(alertingConfig, db, vertx, new AlertingService.Options(external.kafka, VardeTopics.ANOMALIES,
                AlertingService.Options.DEFAULT_GROUP, secret, config.toAbsolutePath().getParent(), Clock.systemUTC()));
        Instant started = Instant.now();
        Map<String, String> listeners = new LinkedHashMap<>();
        listeners.put("kafka", external.kafka);
        listeners.put("alerting", alertingConfig.channels().keySet().toString());
        String token = adminToken;
        PlatformHttpServer http = new PlatformHttpServer(httpHost, httpPort, () -> {
            String problem = StandaloneTier.databaseProblem(db);
            return new HealthReport(problem == null, java.time.Duration.between(started, Instant.now()).toSeconds(), 0, -1, 0, Map.of(), 0,
                    "external", listeners, problem);
        }, Router.router(vertx), null, router -> {
            alerting.mount(router, vertx, token);
            OpenData.mount(router, vertx, db, OpenDataSettings.fromEnv(System.getenv()), alertingConfig.publicUrl(), token);
            ConsoleMount.mount(router, vertx, alerting, new ReadingQueries(db), System.getenv(), alertingConfig.publicUrl(), secret, null);
        });
        vertx.deployVerticle(http).await();
        System.out.println("Varde alerting is running: http://" + httpHost + ":" + http.actualPort() + "/api/v1/alerts");
        StandaloneTier.runUntilShutdown("alerting", () -> {
            alerting.close();
            vertx.close().await();
        });
        return 0;
    }
}
