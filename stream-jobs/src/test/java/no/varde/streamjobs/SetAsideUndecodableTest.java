package no.varde.streamjobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import no.varde.model.Reading;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class SetAsideUndecodableTest {
    private static final Reading READING = new Reading("w-1", "water.ph", 7.2, "pH", Instant.parse("2026-12-06T10:00:00Z"),
            Instant.parse("2026-12-06T10:00:01Z"));

    @Test
    void readingsGoOnWithTheirTimestampsAndWhatWasNotDecodedGoesToTheSideOutput() throws Exception {
        UndecodableRecord garbage = UndecodableRecord.of(new ConsumerRecord<>("varde.readings", 1, 42, 1_765_000_000_000L,
                org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME, 0, 0, "k", new byte[] {7, 7},
                new org.apache.kafka.common.header.internals.RecordHeaders(), java.util.Optional.empty()),
                "not a reading: " + "x".repeat(600));
        try (OneInputStreamOperatorTestHarness<Decoded<Reading>, Reading> h =
                     new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new SetAsideUndecodable<>()))) {
            h.open();
            h.processElement(Decoded.of(READING), 1_000);
            h.processElement(Decoded.undecodable(garbage), Long.MIN_VALUE);
            h.processElement(Decoded.of(READING), 2_000);

            assertThat(h.extractOutputStreamRecords()).extracting(StreamRecord::getTimestamp).containsExactly(1_000L, 2_000L);
            assertThat(h.extractOutputValues()).containsExactly(READING, READING);
            ConcurrentLinkedQueue<StreamRecord<UndecodableRecord>> aside = h.getSideOutput(SetAsideUndecodable.UNDECODABLE);
            assertThat(aside).hasSize(1);
            assertThat(List.copyOf(aside).get(0).getValue()).satisfies(u -> {
                assertThat(u.topic()).isEqualTo("varde.readings");
                assertThat(u.partition()).isEqualTo(1);
                assertThat(u.offset()).isEqualTo(42);
                assertThat(u.payload()).containsExactly(7, 7);
                assertThat(u.receivedAt()).isEqualTo(Instant.ofEpochMilli(1_765_000_000_000L));
                // An exception message can quote a whole payload: the reason is cut, the bytes are kept.
                assertThat(u.reason()).hasSize(UndecodableRecord.MAX_REASON).startsWith("not a reading: x");
            });
        }
    }
}
