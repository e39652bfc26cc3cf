package no.varde.model.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private ReadingJson() {
    }

    /** Written with a streaming generator: this runs once per reading on ingest's event loops. */
    public static byte[] encode(Reading reading) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("d", reading.deviceId());
            json.writeStringField("m", reading.metric());
            json.writeNumberField("v", reading.value());
            json.writeStringField("u", reading.unit());
            json.writeNumberField("t", toMicros(reading.eventTime()));
            json.writeNumberField("r", toMicros(reading.receiveTime()));
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode reading", e);
        }
        return out.toByteArray();
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
