package no.varde.ingest.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import no.varde.ingest.IngestPipeline;
import no.varde.ingest.registry.DeviceRegistryService;

/**
 * Ingest's HTTP endpoints on one router: device telemetry, the admin API, the OpenAPI document
 * and Prometheus metrics. The platform mounts it next to its own /health.
 */
public final class IngestHttpApi {
    public static final String OPENAPI_PATH = "/api/v1/openapi.yaml";
    public static final String METRICS_PATH = "/metrics";

    private IngestHttpApi() {
    }

    /**
     * @param adminToken the bearer token of the admin API; null leaves the admin API out
     * @param prometheus the registry to scrape at /metrics; null leaves /metrics out
     */
    public static Router router(Vertx vertx, IngestPipeline pipeline, int maxBodyBytes, DeviceRegistryService registry,
                                String adminToken, PrometheusMeterRegistry prometheus) {
        Router router = Router.router(vertx);
        // Bodies beyond the hard cap are cut off with 413 by Vert.x; those up to it are read and,
        // when over the configured payload limit, dead-lettered with a reason like any other refusal.
        router.route("/api/*").handler(BodyHandler.create().setBodyLimit(maxBodyBytes).setHandleFileUploads(false));
        router.post(TelemetryHttpHandler.PATH).handler(new TelemetryHttpHandler(pipeline));
        if (adminToken != null) {
            new AdminRoutes(vertx, registry, adminToken).mount(router);
        }
        String openApi = openApiDocument();
        router.get(OPENAPI_PATH).handler(ctx -> ctx.response().putHeader("Content-Type", "application/yaml").end(openApi));
        if (prometheus != null) {
            router.get(METRICS_PATH).handler(ctx -> vertx.executeBlocking(prometheus::scrape, false)
                    .onSuccess(text -> ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(text))
                    .onFailure(ctx::fail));
        }
        return router;
    }

    public static String openApiDocument() {
        try (InputStream in = IngestHttpApi.class.getResourceAsStream("/openapi/varde-api.yaml")) {
            if (in == null) {
                throw new IllegalStateException("openapi/varde-api.yaml missing from the classpath");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
