package no.varde.ingest.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import no.varde.ingest.IngestPipeline;
import no.varde.ingest.lorawan.FieldMapping;
import no.varde.ingest.lorawan.LoraWanIntegrationHandler;
import no.varde.ingest.lorawan.ChirpStackFormat;
import no.varde.ingest.lorawan.TheThingsStackFormat;
import no.varde.ingest.lorawan.UplinkMapper;
import no.varde.model.MetricCatalogue;
import no.varde.storage.DeviceRadioRepository;
import no.varde.storage.DeviceRegistryService;
import no.varde.storage.DeviceRepository;

/**
 * Ingest's HTTP endpoints on one router: device telemetry, the admin API, the OpenAPI document
 * and Prometheus metrics. The platform mounts it next to its own /health.
 */
public final class IngestHttpApi {
    public static final String OPENAPI_PATH = "/api/v1/openapi.yaml";
    public static final String METRICS_PATH = "/metrics";
    public static final String CHIRPSTACK_PATH = "/api/v1/integrations/chirpstack";
    public static final String TTS_PATH = "/api/v1/integrations/the-things-stack";

    /**
     * Bearer tokens of the admin API and of LoRaWAN network-server integrations; a null token
     * leaves that part of the API out.
     */
    public record HttpSecrets(String adminToken, String integrationToken) {
        @Override
        public String toString() {
            return "HttpSecrets[***]";
        }
    }

    private IngestHttpApi() {
    }

    /**
     * @param prometheus the registry to scrape at /metrics; null leaves /metrics out
     */
    public static Router router(Vertx vertx, IngestPipeline pipeline, int maxBodyBytes, DeviceRegistryService registry,
                                DeviceRepository devices, HttpSecrets secrets, PrometheusMeterRegistry prometheus) {
        Router router = Router.router(vertx);
        // Bodies beyond the hard cap are cut off with 413 by Vert.x; those up to it are read and,
        // when over the configured payload limit, dead-lettered with a reason like any other refusal.
        router.route("/api/*").handler(BodyHandler.create().setBodyLimit(maxBodyBytes).setHandleFileUploads(false));
        router.post(TelemetryHttpHandler.PATH).handler(new TelemetryHttpHandler(pipeline));
        if (secrets.adminToken() != null) {
            new AdminRoutes(vertx, registry, secrets.adminToken()).mount(router);
        }
        if (secrets.integrationToken() != null) {
            FieldMapping mapping = FieldMapping.configured(System.getenv());
            UplinkMapper mapper = new UplinkMapper(MetricCatalogue.standard());
            DeviceRadioRepository radio = devices.radio();
            router.post(CHIRPSTACK_PATH).handler(new LoraWanIntegrationHandler(vertx, pipeline, devices, radio, mapping, mapper,
                    secrets.integrationToken(), new ChirpStackFormat()));
            router.post(TTS_PATH).handler(new LoraWanIntegrationHandler(vertx, pipeline, devices, radio, mapping, mapper,
                    secrets.integrationToken(), new TheThingsStackFormat()));
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
