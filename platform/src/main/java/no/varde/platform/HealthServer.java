package no.varde.platform;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The platform's HTTP server: {@code GET /health} with the pipeline's counters as JSON. */
final class HealthServer extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(HealthServer.class);

    private final String host;
    private final int port;
    private final Supplier<HealthReport> health;
    private HttpServer server;

    HealthServer(String host, int port, Supplier<HealthReport> health) {
        this.host = host;
        this.port = port;
        this.health = health;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.get("/health").handler(ctx -> vertx.executeBlocking(health::get, false).onComplete(result -> {
            if (result.failed()) {
                ctx.fail(result.cause());
                return;
            }
            HealthReport report = result.result();
            ctx.response()
                    .setStatusCode(report.up() ? 200 : 503)
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "no-store")
                    .end(report.toJson().encodePrettily());
        }));
        return vertx.createHttpServer().requestHandler(router).listen(port, host).onSuccess(s -> {
            server = s;
            LOG.info("HTTP listening on {}:{}", host, s.actualPort());
        });
    }

    int actualPort() {
        return server.actualPort();
    }
}
