package no.varde.streamjobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Kafka record of {@code varde.rejected} ({@link no.varde.model.codec.DeadLetter} JSON) → {@link DeadLetterRow}. */
public final class DeadLetterDeserializer implements KafkaRecordDeserializationSchema<DeadLetterRow> {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDeserializer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<DeadLetterRow> out) {
        try {
            JsonNode node = JSON.readTree(record.value());
            List<String> reasons = new ArrayList<>();
            node.path("rejections").forEach(r -> reasons.add(r.path("reason").asText()));
            out.collect(new DeadLetterRow(Instant.parse(node.path("receivedAt").asText()), record.partition(), record.offset(),
                    node.path("device").asText(), node.path("topic").asText(), reasons,
                    JSON.writeValueAsString(node.path("rejections")),
                    Base64.getDecoder().decode(node.path("payloadBase64").asText("")),
                    node.path("payloadSize").asInt(), node.path("payloadTruncated").asBoolean()));
        } catch (IOException | RuntimeException e) {
            LOG.error("Skipping undecodable dead letter {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
        }
    }

    @Override
    public TypeInformation<DeadLetterRow> getProducedType() {
        return TypeInformation.of(DeadLetterRow.class);
    }
}
