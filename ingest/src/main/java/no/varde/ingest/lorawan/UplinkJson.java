package no.varde.ingest.lorawan;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Small, strict readers for the network servers' JSON: a wrong type is an error that names the field. */
final class UplinkJson {
    private UplinkJson() {
    }

    static JsonObject object(JsonObject json, String field) {
        Object value = json == null ? null : json.getValue(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonObject object)) {
            throw new IllegalArgumentException("'" + field + "' must be a JSON object");
        }
        return object;
    }

    static JsonArray array(JsonObject json, String field) {
        Object value = json == null ? null : json.getValue(field);
        if (value == null) {
            return new JsonArray();
        }
        if (!(value instanceof JsonArray array)) {
            throw new IllegalArgumentException("'" + field + "' must be a JSON array");
        }
        return array;
    }

    static String text(JsonObject json, String field) {
        Object value = json == null ? null : json.getValue(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException("'" + field + "' must be a string");
        }
        return text;
    }

    /** Numbers, or numbers written as strings (protobuf JSON writes 64-bit integers as strings). */
    static Double number(JsonObject json, String field) {
        Object value = json == null ? null : json.getValue(field);
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof String s) {
            Double parsed = NumericText.parse(s);
            if (parsed != null) {
                return parsed;
            }
        }
        throw new IllegalArgumentException("'" + field + "' must be a number");
    }

    static Long wholeNumber(JsonObject json, String field) {
        Double value = number(json, field);
        if (value == null) {
            return null;
        }
        if (value != Math.rint(value) || Math.abs(value) > 1e15) {
            throw new IllegalArgumentException("'" + field + "' must be a whole number");
        }
        return value.longValue();
    }

    static Instant time(String iso) {
        if (iso == null) {
            return null;
        }
        try {
            return Instant.parse(iso);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("time '" + NumericText.printable(iso) + "' is not an ISO-8601 instant");
        }
    }
}
