package no.varde.streamjobs;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/** A dead letter from {@code varde.rejected} with its Kafka position, as stored in {@code rejected_messages}. */
public record DeadLetterRow(Instant receivedAt, int partition, long offset, String deviceId, String topic,
                            List<String> reasons, String rejectionsJson, byte[] payload, int payloadSize,
                            boolean payloadTruncated) implements Serializable {
}
