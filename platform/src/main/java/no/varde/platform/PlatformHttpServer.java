package no.varde.platform;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.function.Supplier;
import no.varde.storage.ReadingQueries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's one HTTP server: {@code /health} (counters as JSON), {@code /health/live},
 * {@code /health/ready}, the read API, alerting's API, and ingest's router (telemetry, admin API, OpenAPI, /metrics).
 */
final class PlatformHttpServer extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(PlatformHttpServer.class);

    private final String host;
    private final int port;
    private final Supplier<HealthReport> health;
    private final Router ingestRoutes;
    private final ReadingQueries readings;
    private final java.util.function.Consumer<Router> extraRoutes;
    private HttpServer server;

    /** @param readings the read API's queries, or null to leave it out (ingest-only instances) */
    PlatformHttpServer(String host, int port, Supplier<HealthReport> health, Router ingestRoutes, ReadingQueries readings) {
        this(host, port, health, ingestRoutes, readings, null);
    }

    /** @param extraRoutes mounts more routes (alerting's) ahead of ingest's catch-all sub-router, or null */
    PlatformHttpServer(String host, int port, Supplier<HealthReport> health, Router ingestRoutes, ReadingQueries readings,
                       java.util.function.Consumer<Router> extraRoutes) {
        this.host = host;
        this.port = port;
        this.health = health;
        this.ingestRoutes = ingestRoutes;
        this.readings = readings;
        this.extraRoutes = extraRoutes;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.get("/health/live").handler(ctx -> json(ctx.response(), 200, new JsonObject().put("status", "UP")));
        router.get("/health/ready").handler(ctx -> report(ctx.response(), true));
        router.get("/health").handler(ctx -> report(ctx.response(), false));
        if (readings != null) {
            new ReadingsApi(vertx, readings).mount(router);
        }
        if (extraRoutes != null) {
            extraRoutes.accept(router);
        }
        router.route("/*").subRouter(ingestRoutes);
        return vertx.createHttpServer().requestHandler(router).listen(port, host).onSuccess(s -> {
            server = s;
            LOG.info("HTTP listening on {}:{}", host, s.actualPort());
        });
    }

    private void report(io.vertx.core.http.HttpServerResponse response, boolean brief) {
        vertx.executeBlocking(health::get, false).onComplete(result -> {
            if (result.failed()) {
                json(response, 503, new JsonObject().put("status", "DOWN").put("problem", result.cause().getMessage()));
                return;
            }
            HealthReport report = result.result();
            JsonObject body = brief ? new JsonObject().put("status", report.up() ? "UP" : "DOWN").put("problem", report.problem())
                    : report.toJson();
            json(response, report.up() ? 200 : 503, body);
        });
    }

    private static void json(io.vertx.core.http.HttpServerResponse response, int status, JsonObject body) {
        response.setStatusCode(status).putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
                .end(body.encodePrettily());
    }

    int actualPort() {
        return server.actualPort();
    }
}
