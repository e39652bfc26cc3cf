package no.varde.streamjobs.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import no.varde.model.Reading;
import no.varde.streamjobs.SeriesKeys;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.array.LongPrimitiveArraySerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The resend filter's memory in checkpoints: live readings only, as steps, read back as the same
 * memory; and a checkpoint an earlier build wrote with Flink's long-array serializer restores.
 */
class SeenReadingsSerializerTest {
    private static final long T0_MICROS = 1_700_000_000_000_000L;
    // Named time fixtures for the restore: two minutes of readings a second, then a resend of one of them.
    private static final Instant FIRST = Instant.parse("2026-11-23T03:00:00Z");
    private static final int READINGS = 120;
    private static final Instant RESENT = FIRST.plusSeconds(100);

    private final SeenReadingsSerializer serializer = new SeenReadingsSerializer();

    private byte[] bytes(long[] seen) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(seen, out);
        return out.getCopyOfBuffer();
    }

    private long[] roundTrip(long[] seen) throws IOException {
        return serializer.deserialize(new DataInputDeserializer(bytes(seen)));
    }

    /** A reading a second for {@code seconds}, arriving as made: the memory of a busy series. */
    private static long[] everySecond(int seconds) {
        long[] seen = SeenReadings.empty();
        for (int i = 0; i < seconds; i++) {
            seen = SeenReadings.add(seen, T0_MICROS + i * 1_000_000L + (i % 7) * 13, i * 1_000L + (i % 5));
        }
        return seen;
    }

    @Test
    void aBusySeriesIsReadBackAsTheSameReadingsInAFifthOfTheBytes() throws Exception {
        long[] seen = everySecond(600);   // ten minutes: two are remembered, the array has forgotten slots and spare room
        long[] back = roundTrip(seen);
        assertThat(SeenReadings.size(back)).isEqualTo(SeenReadings.size(seen)).isBetween(120, 122);
        assertThat(SeenReadings.newestMillis(back)).isEqualTo(SeenReadings.newestMillis(seen));
        for (int i = 0; i < 600; i++) {
            long micros = T0_MICROS + i * 1_000_000L + (i % 7) * 13;
            assertThat(SeenReadings.contains(back, micros)).as("reading " + i).isEqualTo(SeenReadings.contains(seen, micros));
        }
        DataOutputSerializer earlier = new DataOutputSerializer(64);
        LongPrimitiveArraySerializer.INSTANCE.serialize(seen, earlier);
        assertThat(bytes(seen).length).as("bytes against the long-array serializer's " + earlier.length()).isLessThan(earlier.length() / 5);
        assertThat(bytes(seen).length).as("bytes per remembered reading").isLessThanOrEqualTo(6 * SeenReadings.size(seen) + 16);
        // The memory read back goes on as the one written: it takes new readings in place and forgets as before.
        long[] next = SeenReadings.add(back, T0_MICROS + 600 * 1_000_000L, 600_000L);
        assertThat(next).isSameAs(back);
        assertThat(SeenReadings.size(next)).isEqualTo(SeenReadings.size(SeenReadings.add(seen, T0_MICROS + 600 * 1_000_000L, 600_000L)));
    }

    @Test
    void anEmptyMemoryOutOfOrderReadingsAndTheEarlierLayoutRoundTrip() throws Exception {
        long[] empty = roundTrip(SeenReadings.empty());
        assertThat(SeenReadings.size(empty)).isZero();
        assertThat(SeenReadings.newestMillis(empty)).isEqualTo(Long.MIN_VALUE);

        long[] shuffled = SeenReadings.empty();
        for (long offset : new long[] {5, 1, 9, 3, 7}) {
            shuffled = SeenReadings.add(shuffled, T0_MICROS + offset * 1_000_000L, 100 - offset);   // arrivals out of event order
        }
        long[] back = roundTrip(shuffled);
        for (long offset = 0; offset <= 10; offset++) {
            assertThat(SeenReadings.contains(back, T0_MICROS + offset * 1_000_000L)).isEqualTo(offset % 2 == 1);
        }
        // An array in the earliest layout (pairs from slot 0), as an old checkpoint may hold, is written as its readings.
        long[] earlier = {T0_MICROS, 10, T0_MICROS + 1_000_000L, 20};
        assertThat(SeenReadings.size(roundTrip(earlier))).isEqualTo(2);
        assertThat(SeenReadings.contains(roundTrip(earlier), T0_MICROS + 1_000_000L)).isTrue();
    }

    @Test
    void copiesAreIndependentAndAnUnknownLayoutIsAClearError() throws Exception {
        long[] seen = everySecond(10);
        long[] copy = serializer.copy(seen);
        SeenReadings.add(copy, T0_MICROS + 60_000_000L, 60_000L);
        assertThat(SeenReadings.contains(seen, T0_MICROS + 60_000_000L)).isFalse();
        DataOutputSerializer copied = new DataOutputSerializer(64);
        serializer.copy(new DataInputDeserializer(bytes(seen)), copied);
        assertThat(copied.getCopyOfBuffer()).isEqualTo(bytes(seen));

        byte[] future = bytes(seen);
        future[0] = 2;
        assertThatThrownBy(() -> serializer.deserialize(new DataInputDeserializer(future)))
                .isInstanceOf(IOException.class).hasMessageContaining("newer Varde");
    }

    private static StreamRecord<Reading> reading(Instant t) {
        return new StreamRecord<>(new Reading("w-1", "water.flow", 10, "m3/h", t, t), t.toEpochMilli());
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Reading, Reading> harness(TypeSerializer<long[]> written) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new ResendFilter(written)),
                new SeriesKeys.OfReading(), Types.STRING);
        h.setStateBackend(new HashMapStateBackend());
        return h;
    }

    @Test
    void aCheckpointOfAnEarlierBuildRestoresAndIsRewrittenInTheNewLayout() throws Exception {
        OperatorSubtaskState earlier;
        try (var h = harness(LongPrimitiveArraySerializer.INSTANCE)) {
            h.open();
            h.setProcessingTime(FIRST.toEpochMilli());
            for (int i = 0; i < READINGS; i++) {
                h.processElement(reading(FIRST.plusSeconds(i)));
            }
            earlier = h.snapshot(1, 1);
        }
        OperatorSubtaskState rewritten;
        try (var h = harness(new SeenReadingsSerializer())) {
            h.initializeState(earlier);
            h.open();
            h.setProcessingTime(FIRST.plusSeconds(READINGS).toEpochMilli());
            h.processElement(reading(RESENT));                          // remembered through the restore: dropped
            h.processElement(reading(FIRST.plusSeconds(READINGS)));     // new: passes
            assertThat(h.extractOutputValues()).extracting(Reading::eventTime).containsExactly(FIRST.plusSeconds(READINGS));
            rewritten = h.snapshot(2, 2);
        }
        try (var h = harness(new SeenReadingsSerializer())) {
            h.initializeState(rewritten);
            h.open();
            h.processElement(reading(RESENT));
            h.processElement(reading(FIRST.plusSeconds(READINGS)));
            h.processElement(reading(FIRST.plusSeconds(READINGS + 1)));
            assertThat(h.extractOutputValues()).as("both remembered through the second restore").extracting(Reading::eventTime)
                    .containsExactly(FIRST.plusSeconds(READINGS + 1));
        }
    }
}
