package no.varde.model.senml;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import no.varde.model.Reading;
import no.varde.model.validation.RejectReason;

/**
 * SenML JSON (RFC 8428) and Varde's compact JSON to resolved records, and readings back to SenML.
 *
 * <p>The rules of RFC 8428 sections 4 and 5 are applied by {@link SenmlResolver}: base fields carry
 * to every later record until the next base field of the same kind, a missing time is 0 and times
 * below 2^28 are relative to "now", exactly one value field unless a sum, the name's character set,
 * one version per pack, must-understand fields, and records resolved into chronological order.
 */
public final class SenmlCodec {
    /**
     * NaN and Infinity are read, so that they are rejected per record as not finite, not as
     * malformed JSON; a field given twice in one object is malformed, not silently the last one.
     */
    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    public SenmlPack decode(byte[] payload, Instant now) throws SenmlException {
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
        SenmlPack pack = SenmlResolver.resolve(root, now);
        if (pack.records().isEmpty() && pack.rejections().isEmpty()) {
            throw new SenmlException(RejectReason.EMPTY_PAYLOAD, "the SenML pack has only base fields and no measurement");
        }
        return pack;
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

    /** Seconds since the epoch, kept to the microsecond. */
    static Instant epochSeconds(double seconds) {
        long micros = Math.round(seconds * 1e6);
        return Instant.EPOCH.plusNanos(Math.floorMod(micros, 1_000_000L) * 1000L)
                .plusSeconds(Math.floorDiv(micros, 1_000_000L));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "parse error";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
