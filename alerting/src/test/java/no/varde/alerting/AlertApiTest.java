package no.varde.alerting;

import static no.varde.alerting.AlertingHarness.anomaly;
import static no.varde.alerting.AlertingHarness.await;
import static no.varde.alerting.AlertingHarness.quietly;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import no.varde.model.Domain;
import no.varde.model.anomaly.AnomalyKind;
import no.varde.model.anomaly.Severity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The alerts API over HTTP: token, filters, actions and their audit trail, and the OpenAPI document that describes them. */
class AlertApiTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static AlertingHarness h;
    private static long waterAlert;

    @BeforeAll
    static void start() throws Exception {
        h = new AlertingHarness().start("alerting-api");
        Instant t = Instant.now();
        h.send(anomaly(AnomalyKind.LIMIT, Severity.CRITICAL, Domain.WATER, "Nord", "n-1", "water.pressure", 1.0, 2, 6, t),
                anomaly(AnomalyKind.LIMIT, Severity.WARNING, Domain.AIR, "Sentrum", "a-1", "air.pm10", 80, 0, 50, t),
                anomaly(AnomalyKind.TRAFFIC_INCIDENT, Severity.WARNING, Domain.TRAFFIC, "E6", "t-1", "traffic.speed", 5, 40, 80, t));
        await("three alerts", Duration.ofSeconds(20), quietly(() -> h.count("SELECT count(*) FROM alerts") == 3));
        waterAlert = h.count("SELECT id FROM alerts WHERE domain = 'water'");
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @Test
    void everyApiPathNeedsTheAdminToken() throws Exception {
        for (String path : List.of("/api/v1/alerts", "/api/v1/alerts/" + waterAlert, "/api/v1/notifications", "/api/v1/subscriptions",
                "/api/v1/alerting/status")) {
            HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(h.baseUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path).isEqualTo(401);
            HttpResponse<String> wrong = CLIENT.send(HttpRequest.newBuilder(URI.create(h.baseUrl() + path))
                    .header("Authorization", "Bearer not-the-token").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(wrong.statusCode()).as(path).isEqualTo(401);
        }
        HttpResponse<String> ack = send("POST", "/api/v1/alerts/" + waterAlert + "/acknowledge", new JsonObject().put("by", "x"), null);
        assertThat(ack.statusCode()).isEqualTo(401);
    }

    @Test
    void alertsAreListedAndFiltered() throws Exception {
        assertThat(list("").size()).isEqualTo(3);
        assertThat(list("?domain=air").getJsonObject(0).getString("title")).isEqualTo("Limit exceeded: pm10 in zone Sentrum (air)");
        assertThat(list("?severity=critical").size()).isEqualTo(1);
        assertThat(list("?zone=E6&domain=traffic").getJsonObject(0).getString("kind")).isEqualTo("traffic_incident");
        assertThat(list("?limit=2").size()).isEqualTo(2);
        assertThat(send("GET", "/api/v1/alerts?limit=x", null, AlertingHarness.ADMIN_TOKEN).statusCode()).isEqualTo(400);
        assertThat(send("GET", "/api/v1/alerts/999999", null, AlertingHarness.ADMIN_TOKEN).statusCode()).isEqualTo(404);
    }

    @Test
    void actionsAreRecordedInTheAuditTrail() throws Exception {
        long air = h.count("SELECT id FROM alerts WHERE domain = 'air'");
        assertThat(post("/api/v1/alerts/" + air + "/assign", new JsonObject().put("by", "kari").put("assignee", "anne")).statusCode()).isEqualTo(200);
        assertThat(post("/api/v1/alerts/" + air + "/comments", new JsonObject().put("by", "anne").put("text", "road works nearby")).statusCode())
                .isEqualTo(201);
        assertThat(post("/api/v1/alerts/" + air + "/acknowledge", new JsonObject()).statusCode()).as("who acts is required").isEqualTo(400);
        HttpResponse<String> acked = post("/api/v1/alerts/" + air + "/acknowledge", new JsonObject().put("by", "anne"));
        assertThat(new JsonObject(acked.body()).getString("state")).isEqualTo("acknowledged");
        HttpResponse<String> again = post("/api/v1/alerts/" + air + "/acknowledge", new JsonObject().put("by", "ola"));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(new JsonObject(again.body()).getString("message")).contains("already acknowledged (acknowledged by anne)");
        assertThat(post("/api/v1/alerts/" + air + "/resolve", new JsonObject().put("by", "anne").put("outcome", "maybe")).statusCode())
                .as("an outcome is problem or false_alarm").isEqualTo(400);
        assertThat(post("/api/v1/alerts/" + air + "/resolve", new JsonObject().put("by", "anne").put("comment", "sensor cleaned")
                .put("outcome", "false_alarm")).statusCode()).isEqualTo(200);

        JsonObject detail = new JsonObject(send("GET", "/api/v1/alerts/" + air, null, AlertingHarness.ADMIN_TOKEN).body());
        assertThat(detail.getString("state")).isEqualTo("resolved");
        assertThat(detail.getString("assignee")).isEqualTo("anne");
        List<String> trail = new ArrayList<>();
        detail.getJsonArray("events").forEach(e -> trail.add(((JsonObject) e).getString("actor") + ":" + ((JsonObject) e).getString("action")));
        assertThat(trail).containsSubsequence("system:created", "kari:updated", "anne:commented", "anne:acknowledged", "anne:resolved");
        JsonObject comment = detail.getJsonArray("events").stream().map(JsonObject.class::cast)
                .filter(e -> "commented".equals(e.getString("action"))).findFirst().orElseThrow();
        assertThat(comment.getJsonObject("details").getString("text")).isEqualTo("road works nearby");
        JsonObject resolved = detail.getJsonArray("events").stream().map(JsonObject.class::cast)
                .filter(e -> "resolved".equals(e.getString("action"))).findFirst().orElseThrow();
        assertThat(resolved.getJsonObject("details").getString("outcome")).isEqualTo("false_alarm");
        assertThat(detail.getJsonArray("anomalies").getJsonObject(0).getString("metric")).isEqualTo("air.pm10");
        await("the Slack message and its resolution", Duration.ofSeconds(20), () -> h.receiver.at("/slack").size() == 2);
        JsonArray notifications = new JsonObject(send("GET", "/api/v1/alerts/" + air, null, AlertingHarness.ADMIN_TOKEN).body())
                .getJsonArray("notifications");
        assertThat(notifications.stream().map(n -> ((JsonObject) n).getString("purpose"))).containsExactlyInAnyOrder("opened", "resolved");
    }

    @Test
    void theOpenApiDocumentDescribesEveryRoute() throws Exception {
        HttpResponse<String> r = send("GET", "/api/v1/alerting/openapi.yaml", null, null);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(r.body());
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        List<String> paths = new ArrayList<>();
        doc.path("paths").fieldNames().forEachRemaining(paths::add);
        // Every route the router serves (with a method) is in the document, and nothing else is.
        java.util.Set<String> served = new java.util.TreeSet<>();
        h.service.router(h.vertx, "x".repeat(20)).getRoutes().stream().filter(route -> route.methods() != null && !route.methods().isEmpty())
                .map(route -> route.getPath().replaceAll(":(\\w+)", "{$1}")).forEach(served::add);
        served.remove("/api/v1/alerting/openapi.yaml");
        assertThat(served).hasSize(13);
        assertThat(new java.util.TreeSet<>(paths)).isEqualTo(served);
        JsonObject status = new JsonObject(send("GET", "/api/v1/alerting/status", null, AlertingHarness.ADMIN_TOKEN).body());
        assertThat(status.getLong("anomalies_processed")).isGreaterThanOrEqualTo(3);
        assertThat(status.getJsonArray("outbox")).isNotEmpty();
    }

    private static JsonArray list(String query) throws Exception {
        HttpResponse<String> r = send("GET", "/api/v1/alerts" + query, null, AlertingHarness.ADMIN_TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body()).getJsonArray("alerts");
    }

    private static HttpResponse<String> post(String path, JsonObject body) throws Exception {
        return send("POST", path, body, AlertingHarness.ADMIN_TOKEN);
    }

    private static HttpResponse<String> send(String method, String path, JsonObject body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(h.baseUrl() + path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
