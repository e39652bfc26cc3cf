package no.varde.streamjobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Kafka record of {@code varde.rejected} ({@link no.varde.model.codec.DeadLetter} JSON) → {@link DeadLetterRow};
 * a record that is not a dead letter is handed on as undecodable ({@link Decoded}).
 */
public final class DeadLetterDeserializer implements KafkaRecordDeserializationSchema<Decoded<DeadLetterRow>> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Decoded<DeadLetterRow>> out) {
        DeadLetterRow row;
        try {
            JsonNode node = JSON.readTree(record.value());
            List<String> reasons = new ArrayList<>();
            node.path("rejections").forEach(r -> reasons.add(r.path("reason").asText()));
            row = new DeadLetterRow(Instant.parse(node.path("receivedAt").asText()), record.partition(), record.offset(),
                    node.path("device").asText(), node.path("topic").asText(), reasons,
                    JSON.writeValueAsString(node.path("rejections")),
                    Base64.getDecoder().decode(node.path("payloadBase64").asText("")),
                    node.path("payloadSize").asInt(), node.path("payloadTruncated").asBoolean());
        } catch (IOException | RuntimeException e) {
            out.collect(Decoded.undecodable(UndecodableRecord.of(record, "not a dead letter: " + e.getMessage())));
            return;
        }
        out.collect(Decoded.of(row));
    }

    @Override
    public TypeInformation<Decoded<DeadLetterRow>> getProducedType() {
        return TypeInformation.of(new TypeHint<Decoded<DeadLetterRow>>() {
        });
    }
}
