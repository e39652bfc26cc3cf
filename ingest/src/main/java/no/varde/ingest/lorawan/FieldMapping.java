package no.varde.ingest.lorawan;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import no.varde.model.DeviceKind;

/**
 * Which decoded LoRaWAN payload field is which Varde metric, per device kind; kept as data in
 * {@code field-mapping.json} so a municipality can add its sensors' field names without code.
 */
public final class FieldMapping {
    /** A field's metric and the unit the field carries. */
    public record Target(String metric, String unit) {
    }

    private final Map<DeviceKind, Map<String, Target>> byKind;

    FieldMapping(Map<DeviceKind, Map<String, Target>> byKind) {
        this.byKind = byKind;
    }

    public static FieldMapping standard() {
        try (InputStream in = FieldMapping.class.getResourceAsStream("field-mapping.json")) {
            if (in == null) {
                throw new IllegalStateException("field-mapping.json missing");
            }
            JsonObject json = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            Map<DeviceKind, Map<String, Target>> byKind = new HashMap<>();
            for (DeviceKind kind : DeviceKind.values()) {
                JsonObject fields = json.getJsonObject(kind.id());
                Map<String, Target> targets = new HashMap<>();
                if (fields != null) {
                    fields.forEach(e -> {
                        JsonObject t = (JsonObject) e.getValue();
                        targets.put(e.getKey(), new Target(t.getString("metric"), t.getString("unit")));
                    });
                }
                byKind.put(kind, Map.copyOf(targets));
            }
            return new FieldMapping(byKind);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<Target> target(DeviceKind kind, String field) {
        return Optional.ofNullable(byKind.getOrDefault(kind, Map.of()).get(field));
    }
}
