package no.varde.model.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import no.varde.model.Reading;

/**
 * The wire form of a {@link Reading} on Kafka topic {@code varde.readings}: a small JSON object
 * with times as epoch microseconds, so records stay readable with any Kafka tool.
 *
 * <pre>{"d":"w-1","m":"water.pressure","v":4.1,"u":"bar","t":1700000000000000,"r":1700000000123000}</pre>
 */
public final class ReadingJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ReadingJson() {
    }

    public static byte[] encode(Reading reading) {
        ObjectNode node = MAPPER.createObjectNode()
                .put("d", reading.deviceId())
                .put("m", reading.metric())
                .put("v", reading.value())
                .put("u", reading.unit())
                .put("t", toMicros(reading.eventTime()))
                .put("r", toMicros(reading.receiveTime()));
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode reading", e);
        }
    }

    /** @throws IllegalArgumentException when the bytes are not a reading */
    public static Reading decode(byte[] bytes) {
        JsonNode node;
        try {
            node = MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a reading: " + e.getMessage(), e);
        }
        if (node == null || !node.hasNonNull("d") || !node.hasNonNull("m") || !node.path("v").isNumber()
                || !node.path("t").canConvertToLong() || !node.path("r").canConvertToLong()) {
            throw new IllegalArgumentException("not a reading: missing or mistyped fields");
        }
        return new Reading(node.get("d").asText(), node.get("m").asText(), node.get("v").asDouble(),
                node.path("u").asText(""), fromMicros(node.get("t").asLong()), fromMicros(node.get("r").asLong()));
    }

    public static long toMicros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    public static Instant fromMicros(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

}
