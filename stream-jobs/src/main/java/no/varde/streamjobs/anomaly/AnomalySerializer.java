package no.varde.streamjobs.anomaly;

import no.varde.model.anomaly.Anomaly;
import no.varde.model.anomaly.AnomalyJson;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Anomaly reports onto {@code varde.anomalies}, keyed by anomaly id so every report of one anomaly stays in order. */
public final class AnomalySerializer implements KafkaRecordSerializationSchema<Anomaly> {
    private final String topic;

    public AnomalySerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(Anomaly a, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, a.updatedAt().toEpochMilli(),
                a.id().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), AnomalyJson.encode(a));
    }
}
