package no.varde.model.anomaly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import no.varde.model.Domain;

/**
 * The wire form of an {@link Anomaly} on Kafka topic {@code varde.anomalies}: JSON with ISO-8601
 * times and the same field names as the {@code anomalies} table, so alerting and any Kafka tool
 * read it without Varde's classes. Values that do not apply (NaN) are left out.
 */
public final class AnomalyJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AnomalyJson() {
    }

    public static byte[] encode(Anomaly a) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("id", a.id().toString());
        json.put("revision", a.revision());
        json.put("kind", a.kind().id());
        json.put("severity", a.severity().id());
        json.put("status", a.status().name().toLowerCase(java.util.Locale.ROOT));
        json.put("domain", a.domain().id());
        if (a.zone() != null) {
            json.put("zone", a.zone());
        }
        a.deviceIds().forEach(json.putArray("device_ids")::add);
        if (a.metric() != null) {
            json.put("metric", a.metric());
        }
        json.put("score", a.score());
        putFinite(json, "observed", a.observed());
        putFinite(json, "expected_low", a.expectedLow());
        putFinite(json, "expected_high", a.expectedHigh());
        json.put("started_at", a.startedAt().toString());
        json.put("updated_at", a.updatedAt().toString());
        if (a.endedAt() != null) {
            json.put("ended_at", a.endedAt().toString());
        }
        json.put("explanation", a.explanation());
        try {
            return MAPPER.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode anomaly " + a.id(), e);
        }
    }

    public static Anomaly decode(byte[] bytes) throws IOException {
        JsonNode j = MAPPER.readTree(bytes);
        List<String> devices = new ArrayList<>();
        j.path("device_ids").forEach(d -> devices.add(d.asText()));
        return new Anomaly(UUID.fromString(j.path("id").asText()), j.path("revision").asInt(),
                AnomalyKind.fromId(j.path("kind").asText()), Severity.fromId(j.path("severity").asText()),
                Anomaly.Status.valueOf(j.path("status").asText().toUpperCase(java.util.Locale.ROOT)),
                Domain.fromId(j.path("domain").asText()), text(j, "zone"), devices, text(j, "metric"),
                j.path("score").asDouble(), number(j, "observed"), number(j, "expected_low"), number(j, "expected_high"),
                Instant.parse(j.path("started_at").asText()), Instant.parse(j.path("updated_at").asText()),
                j.hasNonNull("ended_at") ? Instant.parse(j.path("ended_at").asText()) : null, j.path("explanation").asText());
    }

    private static void putFinite(ObjectNode json, String field, double value) {
        if (Double.isFinite(value)) {
            json.put(field, value);
        }
    }

    private static String text(JsonNode j, String field) {
        return j.hasNonNull(field) ? j.path(field).asText() : null;
    }

    private static double number(JsonNode j, String field) {
        return j.hasNonNull(field) ? j.path(field).asDouble() : Double.NaN;
    }
}
