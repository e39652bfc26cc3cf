package no.varde.model.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import no.varde.model.validation.Rejection;

/**
 * A rejected message as kept on Kafka topic {@code varde.rejected}: who sent it, where, why
 * (every rejection with its machine-readable code) and the raw payload, capped in size so a
 * flood of garbage cannot fill the disk. Nothing a device sends is silently thrown away.
 */
public record DeadLetter(String deviceId, String topic, Instant receivedAt, List<Rejection> rejections,
                         byte[] payload, int payloadSize) {

    /** Payload bytes kept per dead letter; the size of the original is always recorded. */
    public static final int MAX_KEPT_PAYLOAD = 16 * 1024;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static DeadLetter of(String deviceId, String topic, Instant receivedAt, List<Rejection> rejections,
                                byte[] payload) {
        byte[] raw = payload == null ? new byte[0] : payload;
        byte[] kept = raw.length <= MAX_KEPT_PAYLOAD ? raw : java.util.Arrays.copyOf(raw, MAX_KEPT_PAYLOAD);
        return new DeadLetter(deviceId, topic, receivedAt, List.copyOf(rejections), kept, raw.length);
    }

    public byte[] toJson() {
        ObjectNode node = MAPPER.createObjectNode()
                .put("device", deviceId)
                .put("topic", topic)
                .put("receivedAt", receivedAt.toString())
                .put("payloadSize", payloadSize)
                .put("payloadTruncated", payload.length < payloadSize)
                .put("payloadBase64", Base64.getEncoder().encodeToString(payload));
        ArrayNode reasons = node.putArray("rejections");
        for (Rejection rejection : rejections) {
            ObjectNode r = reasons.addObject().put("reason", rejection.reason().code()).put("detail", rejection.detail());
            if (rejection.recordIndex() >= 0) {
                r.put("record", rejection.recordIndex());
            }
        }
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode dead letter", e);
        }
    }
}
