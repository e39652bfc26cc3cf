package no.varde.model.senml;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import no.varde.model.Reading;
import no.varde.model.validation.RejectReason;

/**
 * SenML JSON (RFC 8428) to resolved records and back.
 *
 * <p>Times: {@code bt + t} in seconds since the epoch; a resolved time below 2^28 is relative to
 * "now" (RFC 8428 section 4.5.3), so a device without a clock can send {@code t: -30}. A record
 * without any time gets none, and the validator uses the receive time.
 */
public final class SenmlCodec {
    /** RFC 8428: times smaller than 2**28 are relative to the current time. */
    private static final double RELATIVE_TIME_LIMIT = 268_435_456d;

    /** NaN and Infinity are read, so that they are rejected per record as not finite, not as malformed JSON. */
    private final ObjectMapper mapper = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    public List<SenmlRecord> decode(byte[] payload, Instant now) throws SenmlException {
        if (payload == null || payload.length == 0) {
            throw new SenmlException(RejectReason.EMPTY_PAYLOAD, "payload is empty");
        }
        JsonNode root;
        try {
            root = mapper.readTree(payload);
        } catch (IOException e) {
            throw new SenmlException(RejectReason.MALFORMED_PAYLOAD, "not valid JSON: " + firstLine(e.getMessage()));
        }
        if (root != null && root.isObject()) {
            return CompactJson.decode(root, now);
        }
        if (root == null || !root.isArray()) {
            throw new SenmlException(RejectReason.MALFORMED_PAYLOAD,
                    "expected a SenML pack (JSON array) or the compact form (JSON object)");
        }
        if (root.isEmpty()) {
            throw new SenmlException(RejectReason.EMPTY_PAYLOAD, "the SenML pack has no records");
        }
        List<SenmlRecord> records = new ArrayList<>(root.size());
        String baseName = "";
        double baseTime = 0;
        String baseUnit = null;
        double baseValue = 0;
        int index = 0;
        for (JsonNode node : root) {
            if (!node.isObject()) {
                throw new SenmlException(RejectReason.MALFORMED_PAYLOAD, "record " + index + " is not a JSON object");
            }
            // Base fields apply to this record and all that follow (RFC 8428 section 4.1).
            if (node.has("bn")) {
                baseName = text(node, "bn", index);
            }
            if (node.has("bt")) {
                baseTime = number(node, "bt", index);
            }
            if (node.has("bu")) {
                baseUnit = text(node, "bu", index);
            }
            if (node.has("bv")) {
                baseValue = number(node, "bv", index);
            }
            String name = baseName + (node.has("n") ? text(node, "n", index) : "");
            if (name.isEmpty()) {
                throw new SenmlException(RejectReason.MALFORMED_PAYLOAD, "record " + index + " has no name (n or bn)");
            }
            Double value = node.has("v") ? Double.valueOf(number(node, "v", index) + baseValue) : null;
            String unit = node.has("u") ? text(node, "u", index) : baseUnit;
            Instant time = null;
            if (node.has("t") || node.has("bt")) {
                double seconds = baseTime + (node.has("t") ? number(node, "t", index) : 0);
                time = toInstant(seconds, now);
            }
            records.add(new SenmlRecord(index, name, metricName(name), value, unit, time));
            index++;
        }
        return records;
    }

    /** Encodes readings as one SenML pack, with the device as base name and absolute times. */
    public byte[] encode(String deviceId, List<Reading> readings) {
        ArrayNode pack = mapper.createArrayNode();
        boolean first = true;
        for (Reading reading : readings) {
            ObjectNode record = pack.addObject();
            if (first) {
                record.put("bn", "urn:dev:varde:" + deviceId + ":");
                first = false;
            }
            record.put("n", reading.metric());
            record.put("u", reading.unit());
            record.put("v", reading.value());
            record.put("t", reading.eventTime().getEpochSecond() + reading.eventTime().getNano() / 1e9);
        }
        try {
            return mapper.writeValueAsBytes(pack);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode SenML", e);
        }
    }

    static String metricName(String fullName) {
        int cut = Math.max(fullName.lastIndexOf(':'), fullName.lastIndexOf('/'));
        return fullName.substring(cut + 1);
    }

    static Instant toInstant(double seconds, Instant now) throws SenmlException {
        if (!Double.isFinite(seconds)) {
            throw new SenmlException(RejectReason.MALFORMED_PAYLOAD, "time is not a finite number");
        }
        if (Math.abs(seconds) < RELATIVE_TIME_LIMIT) {
            return now.plusNanos(Math.round(seconds * 1e9));
        }
        long micros = Math.round(seconds * 1e6);
        return Instant.EPOCH.plusNanos(Math.floorMod(micros, 1_000_000L) * 1000L)
                .plusSeconds(Math.floorDiv(micros, 1_000_000L));
    }

    private static String text(JsonNode node, String field, int index) throws SenmlException {
        JsonNode value = node.get(field);
        if (!value.isTextual()) {
            throw new SenmlException(RejectReason.MALFORMED_PAYLOAD, "record " + index + ": '" + field + "' must be a string");
        }
        return value.asText();
    }

    private static double number(JsonNode node, String field, int index) throws SenmlException {
        JsonNode value = node.get(field);
        if (!value.isNumber()) {
            throw new SenmlException(RejectReason.MALFORMED_PAYLOAD, "record " + index + ": '" + field + "' must be a number");
        }
        return value.asDouble();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "parse error";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
