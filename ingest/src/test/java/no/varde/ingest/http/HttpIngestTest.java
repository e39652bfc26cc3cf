package no.varde.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import no.varde.ingest.IngestConfig;
import no.varde.ingest.IngestMetrics;
import no.varde.ingest.IngestService;
import no.varde.ingest.IngestTestBed;
import no.varde.model.DeviceKind;
import no.varde.model.validation.RejectReason;
import no.varde.storage.Device;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HTTP telemetry and the admin API over a real HTTP server, with the real pipeline, Kafka and PostgreSQL behind it. */
class HttpIngestTest {
    private static final String ADMIN = "admin-token-for-tests-" + System.nanoTime();
    private static IngestTestBed bed;
    private static HttpServer server;
    private static Router router;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        bed = IngestTestBed.start(IngestConfig.defaults("127.0.0.1", 0).withMaxPayload(2048).withRateLimit(5, 5));
        PrometheusMeterRegistry prometheus = (PrometheusMeterRegistry) bed.ingest.metrics().registry();
        router = bed.ingest.httpRouter(new IngestHttpApi.HttpSecrets(ADMIN, "integration-token-for-route-listing"), prometheus);
        server = bed.vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close().await();
        bed.close();
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + server.actualPort() + path;
    }

    private static HttpResponse<String> post(String path, String authorization, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", contentType);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> telemetry(String device, String token, String body) throws Exception {
        return post("/api/v1/telemetry", basic(device, token), "application/senml+json", body);
    }

    @Test
    void acceptsReadingsWith200AndPartialBatchesWith207() throws Exception {
        String token = bed.register(Device.of("h-1", DeviceKind.WATER, "Nord"));
        HttpResponse<String> ok = telemetry("h-1", token, "[{\"n\":\"water.ph\",\"v\":7.11}]");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(ok.body()).getInteger("accepted")).isEqualTo(1);
        assertThat(bed.awaitReading(r -> r.deviceId().equals("h-1") && r.value() == 7.11)).isPresent();

        HttpResponse<String> partial = telemetry("h-1", token, "[{\"n\":\"water.ph\",\"v\":7.12},{\"n\":\"water.ph\",\"v\":99}]");
        assertThat(partial.statusCode()).isEqualTo(207);
        assertThat(new JsonObject(partial.body()).getJsonArray("rejected").getJsonObject(0).getString("reason")).isEqualTo("out_of_range");

        HttpResponse<String> bad = telemetry("h-1", token, "{not json");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bed.awaitDeadLetter("h-1", RejectReason.MALFORMED_PAYLOAD)).isPresent();
    }

    @Test
    void refusesWrongCredentialsWith401AndKeepsTheAttempt() throws Exception {
        bed.register(Device.of("h-2", DeviceKind.AIR, null));
        HttpResponse<String> response = telemetry("h-2", "wrong-token", "[{\"n\":\"air.o3\",\"v\":1}]");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        assertThat(post("/api/v1/telemetry", null, "application/json", "[]").statusCode()).isEqualTo(401);
        assertThat(bed.awaitDeadLetter("h-2", RejectReason.BAD_CREDENTIALS)).hasValueSatisfying(l -> assertThat(l).doesNotContain("wrong-token"));
    }

    @Test
    void oversizedBodiesAre413AndDeadLettered() throws Exception {
        String token = bed.register(Device.of("h-3", DeviceKind.AIR, null));
        HttpResponse<String> response = telemetry("h-3", token, "[{\"n\":\"air.o3\",\"v\":1,\"pad\":\"" + "x".repeat(3000) + "\"}]");
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(bed.awaitDeadLetter("h-3", RejectReason.PAYLOAD_TOO_LARGE)).isPresent();
    }

    @Test
    void rateLimitIs429WithRetryAfter() throws Exception {
        String token = bed.register(Device.of("h-4", DeviceKind.TRAFFIC, null));
        int limited = 0;
        for (int i = 0; i < 15; i++) {
            HttpResponse<String> response = telemetry("h-4", token, "[{\"n\":\"traffic.speed\",\"v\":" + (40 + i) + "}]");
            if (response.statusCode() == 429) {
                limited++;
                assertThat(response.headers().firstValue("Retry-After")).isPresent();
            }
        }
        assertThat(limited).isGreaterThanOrEqualTo(5);
    }

    @Test
    void gatewaysPostForAssignedDevicesOnly() throws Exception {
        String token = bed.register(Device.of("h-gw", DeviceKind.GATEWAY, null));
        bed.register(Device.of("h-child", DeviceKind.AIR, null).withGateway("h-gw"));
        bed.register(Device.of("h-stranger", DeviceKind.AIR, null));
        assertThat(post("/api/v1/telemetry?device=h-child", basic("h-gw", token), "application/json", "{\"air.no2\":33}").statusCode())
                .isEqualTo(200);
        assertThat(bed.awaitReading(r -> r.deviceId().equals("h-child") && r.value() == 33.0)).isPresent();
        assertThat(post("/api/v1/telemetry?device=h-stranger", basic("h-gw", token), "application/json", "{\"air.no2\":34}").statusCode())
                .isEqualTo(403);
    }

    @Test
    void adminApiProvisionsRotatesDisablesAndImports() throws Exception {
        String admin = "Bearer " + ADMIN;
        assertThat(get("/api/v1/admin/devices", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/admin/devices", "Bearer wrong").statusCode()).isEqualTo(401);

        HttpResponse<String> created = post("/api/v1/admin/devices", admin, "application/json",
                "{\"id\":\"adm-1\",\"kind\":\"water\",\"zone\":\"Nord\",\"latitude\":59.9,\"longitude\":10.7,\"model\":\"X1\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        String token = new JsonObject(created.body()).getString("token");
        assertThat(token).hasSizeGreaterThan(20);
        assertThat(post("/api/v1/admin/devices", admin, "application/json", "{\"id\":\"adm-1\",\"kind\":\"water\"}").statusCode()).isEqualTo(409);
        assertThat(post("/api/v1/admin/devices", admin, "application/json", "{\"id\":\"bad id\",\"kind\":\"water\"}").statusCode()).isEqualTo(400);
        assertThat(post("/api/v1/admin/devices", admin, "application/json", "{\"id\":\"x\",\"kind\":\"sewer\"}").statusCode()).isEqualTo(400);
        assertThat(telemetry("adm-1", token, "[{\"n\":\"water.ph\",\"v\":7}]").statusCode()).isEqualTo(200);

        JsonObject shown = lastSeenOf("adm-1", admin);
        assertThat(shown.getString("zone")).isEqualTo("Nord");
        assertThat(shown.getString("lastSeen")).isNotNull();
        assertThat(shown.encode()).doesNotContain(token);
        assertThat(get("/api/v1/admin/devices/nobody", admin).statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/admin/devices", admin).body()).contains("\"adm-1\"");

        // Rotation with a grace period: both tokens work; without one, only the new one.
        String second = new JsonObject(post("/api/v1/admin/devices/adm-1/tokens", admin, "text/plain", "").body()).getString("token");
        assertThat(telemetry("adm-1", token, "[{\"n\":\"water.ph\",\"v\":7.01}]").statusCode()).isEqualTo(200);
        assertThat(telemetry("adm-1", second, "[{\"n\":\"water.ph\",\"v\":7.02}]").statusCode()).isEqualTo(200);
        String third = new JsonObject(post("/api/v1/admin/devices/adm-1/tokens?graceSeconds=0", admin, "text/plain", "").body()).getString("token");
        assertThat(telemetry("adm-1", second, "[{\"n\":\"water.ph\",\"v\":7.03}]").statusCode()).isEqualTo(401);
        assertThat(telemetry("adm-1", third, "[{\"n\":\"water.ph\",\"v\":7.04}]").statusCode()).isEqualTo(200);

        assertThat(post("/api/v1/admin/devices/adm-1/disable", admin, "text/plain", "").statusCode()).isEqualTo(200);
        assertThat(telemetry("adm-1", third, "[{\"n\":\"water.ph\",\"v\":7.05}]").statusCode()).isEqualTo(401);
        assertThat(post("/api/v1/admin/devices/adm-1/enable", admin, "text/plain", "").statusCode()).isEqualTo(200);
        assertThat(telemetry("adm-1", third, "[{\"n\":\"water.ph\",\"v\":7.06}]").statusCode()).isEqualTo(200);

        HttpResponse<String> imported = post("/api/v1/admin/devices/import", admin, "text/csv",
                "id,kind,zone,latitude,longitude,model,gateway\nimp-1,air,Sentrum,59.91,10.75,Airly,\nimp-2,volcano,,,,,\nimp-3,traffic,Ost,,,,\n");
        JsonObject result = new JsonObject(imported.body());
        assertThat(result.getJsonArray("created").size()).isEqualTo(2);
        assertThat(result.getJsonArray("errors").getString(0)).contains("line 3").contains("volcano");
    }

    /**
     * The device as the admin API shows it, once its {@code lastSeen} is set: ingest records it off the event loop,
     * after the reading was acknowledged, so the first read may come before it.
     */
    private static JsonObject lastSeenOf(String device, String admin) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        JsonObject shown = new JsonObject(get("/api/v1/admin/devices/" + device, admin).body());
        while (shown.getString("lastSeen") == null && System.nanoTime() < deadline) {
            Thread.sleep(50);
            shown = new JsonObject(get("/api/v1/admin/devices/" + device, admin).body());
        }
        return shown;
    }

    @Test
    void metricsAreExportedForPrometheus() throws Exception {
        telemetry("nobody-metrics", "x", "[]");
        HttpResponse<String> metrics = get("/metrics", null);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("varde_ingest_rejected_total{reason=\"bad_credentials\"}")
                .contains("varde_ingest_messages_total").contains("varde_ingest_ack_seconds_bucket")
                .contains("varde_ingest_kafka_send_seconds_bucket").contains("varde_ingest_connections_active");
    }

    @Test
    void everyRouteIsInTheOpenApiDocument() throws Exception {
        HttpResponse<String> doc = get("/api/v1/openapi.yaml", null);
        assertThat(doc.statusCode()).isEqualTo(200);
        JsonNode paths = new ObjectMapper(new YAMLFactory()).readTree(doc.body()).get("paths");
        Set<String> documented = new HashSet<>();
        paths.fieldNames().forEachRemaining(documented::add);
        Set<String> routed = new HashSet<>();
        for (Route route : router.getRoutes()) {
            if (route.getPath() != null && !route.getPath().endsWith("/") && route.methods() != null && !route.methods().isEmpty()) {
                routed.add(route.getPath().replaceAll(":(\\w+)", "{$1}"));
            }
        }
        assertThat(routed).isNotEmpty();
        assertThat(documented).containsAll(routed);
    }
}
