package no.varde.streamjobs;

import java.io.Serializable;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A Kafka record the stream job could not decode, as kept in {@code undecodable_records}: where
 * it was (topic, partition, offset), when Kafka took it, why it was refused and its bytes.
 */
public record UndecodableRecord(String topic, int partition, long offset, Instant receivedAt, String reason, byte[] payload)
        implements Serializable {
    /** Reasons are kept to this length: an exception message can quote a whole payload. */
    static final int MAX_REASON = 500;

    public static UndecodableRecord of(ConsumerRecord<?, byte[]> record, String reason) {
        // Kafka timestamps every record since message format 1; an older record's -1 would read as 1969.
        Instant received = record.timestamp() >= 0 ? Instant.ofEpochMilli(record.timestamp()) : Instant.now();
        return new UndecodableRecord(record.topic(), record.partition(), record.offset(), received,
                reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason,
                record.value() == null ? new byte[0] : record.value());
    }
}
