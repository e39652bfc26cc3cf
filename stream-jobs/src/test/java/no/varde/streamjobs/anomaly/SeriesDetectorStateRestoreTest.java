package no.varde.streamjobs.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import no.varde.model.Reading;
import no.varde.model.anomaly.Anomaly;
import no.varde.model.anomaly.AnomalyKind;
import no.varde.streamjobs.SeriesKeys;
import no.varde.streamjobs.detect.DetectorSettings;
import no.varde.streamjobs.detect.LimitRules;
import no.varde.streamjobs.detect.SeriesDetector;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The series detectors' state through Flink's heap backend with {@link SeriesDetectorSerializer}:
 * a checkpoint an earlier build wrote with Kryo restores (and is written in the new layout from
 * then on), a checkpoint in the new layout restores, and a restored detector carries on from what
 * it had learnt rather than starting over.
 */
class SeriesDetectorStateRestoreTest {
    // Named time fixtures: 200 normal minutes (past the model's warm-up of 100), then a low-pressure breach.
    private static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");
    private static final Instant LOW_FROM = T0.plus(Duration.ofMinutes(200));

    private static StreamRecord<Reading> reading(Instant t, double bar) {
        return new StreamRecord<>(new Reading("w-1", "water.pressure", bar, "bar", t, t), t.toEpochMilli());
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Reading, Anomaly> harness(TypeSerializer<SeriesDetector> serializer)
            throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new SeriesDetection(
                new FixedZoneDirectory(Map.of("w-1", "Nord"), Map.of()), LimitRules.shipped(), DetectorSettings.defaults(), serializer)),
                new SeriesKeys.OfReading(), Types.STRING);
        h.setStateBackend(new HashMapStateBackend());
        h.getExecutionConfig().setUseSnapshotCompression(true);
        return h;
    }

    /** The serializer an earlier build used: Flink's generic one, Kryo. */
    private static TypeSerializer<SeriesDetector> kryo() {
        return TypeInformation.of(SeriesDetector.class).createSerializer(new SerializerConfigImpl());
    }

    private static OperatorSubtaskState learntThenSnapshot(TypeSerializer<SeriesDetector> serializer) throws Exception {
        try (var h = harness(serializer)) {
            h.open();
            for (int m = 0; m < 200; m++) {
                h.processElement(reading(T0.plus(Duration.ofMinutes(m)), 4.0 + 0.01 * (m % 7)));
            }
            return h.snapshot(1, 1);
        }
    }

    /** Restores {@code snapshot} (null: a fresh start) and sends the breach; returns the harness for inspection. */
    private static KeyedOneInputStreamOperatorTestHarness<String, Reading, Anomaly> restoreAndBreach(OperatorSubtaskState snapshot)
            throws Exception {
        var h = harness(new SeriesDetectorSerializer());
        if (snapshot != null) {
            h.initializeState(snapshot);
        }
        h.open();
        for (int m = 0; m < 6; m++) {
            h.processElement(reading(LOW_FROM.plus(Duration.ofMinutes(m)), 1.5));
        }
        return h;
    }

    private static int assessments(KeyedOneInputStreamOperatorTestHarness<String, Reading, Anomaly> h) {
        var told = h.getSideOutput(SeriesDetection.ASSESSMENTS);
        return told == null ? 0 : told.size();
    }

    @Test
    void aCheckpointWrittenWithKryoByAnEarlierBuildRestoresAndIsRewrittenInTheNewLayout() throws Exception {
        OperatorSubtaskState kryoCheckpoint = learntThenSnapshot(kryo());
        OperatorSubtaskState rewritten;
        try (var h = restoreAndBreach(kryoCheckpoint)) {
            assertThat(h.extractOutputValues()).extracting(Anomaly::kind).contains(AnomalyKind.LIMIT);
            assertThat(assessments(h)).as("the restored model is warm (200 readings learnt): it tells the composites about the drop")
                    .isPositive();
            rewritten = h.snapshot(2, 2);
        }
        try (var h = harness(new SeriesDetectorSerializer())) {
            h.initializeState(rewritten);
            h.open();
            h.processElement(reading(LOW_FROM.plus(Duration.ofMinutes(6)), 1.4));
            assertThat(h.extractOutputValues()).filteredOn(a -> a.kind() == AnomalyKind.LIMIT)
                    .as("the open limit anomaly came through both restores: it is updated, not opened again")
                    .isNotEmpty().extracting(Anomaly::revision).allMatch(r -> r > 0);
        }
    }

    @Test
    void aCheckpointInTheNewLayoutRestoresWhatWasLearnt() throws Exception {
        try (var restored = restoreAndBreach(learntThenSnapshot(new SeriesDetectorSerializer()));
             var fresh = restoreAndBreach(null)) {
            assertThat(assessments(restored)).isPositive();
            assertThat(assessments(fresh)).as("a fresh model is still learning: it tells nothing").isZero();
        }
    }

    @Test
    void framedBlocksCopyAndAnUnknownLayoutIsAClearError() throws Exception {
        OperatorSubtaskState snapshot = learntThenSnapshot(new SeriesDetectorSerializer());
        assertThat(snapshot.getManagedKeyedState()).isNotEmpty();
        SeriesDetectorSerializer serializer = new SeriesDetectorSerializer();
        SeriesDetector d = new SeriesDetector(new no.varde.streamjobs.detect.Series("w-1", "water.pressure", "bar",
                no.varde.model.Domain.WATER, "Nord"), DetectorSettings.defaults(), LimitRules.shipped().onReadings("water.pressure", "Nord"));
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(d, out);
        DataOutputSerializer copied = new DataOutputSerializer(64);
        serializer.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copied);
        assertThat(copied.getCopyOfBuffer()).isEqualTo(out.getCopyOfBuffer());
        assertThat(serializer.deserialize(new DataInputDeserializer(copied.getCopyOfBuffer()))).usingRecursiveComparison()
                .withComparatorForType(Double::compare, Double.class).isEqualTo(d);
        assertThat(serializer.copy(d)).isNotSameAs(d).usingRecursiveComparison().withComparatorForType(Double::compare, Double.class).isEqualTo(d);

        byte[] future = out.getCopyOfBuffer();
        future[4] = (byte) (SeriesDetectorSerializer.LAYOUT + 1);
        assertThatThrownBy(() -> serializer.deserialize(new DataInputDeserializer(future)))
                .isInstanceOf(IOException.class).hasMessageContaining("newer Varde");
    }

    /** A block in layout 1 (written by build 533baf5, before StuckWatch learnt step sizes) still deserializes, and is written back in the new layout. */
    @Test
    void aBlockInTheFirstLayoutReads() throws IOException {
        byte[] state;
        try (var file = getClass().getResourceAsStream("/state/series-detector-layout1-pressure-3-days.bin")) {
            state = file.readAllBytes();
        }
        DataOutputSerializer framed = new DataOutputSerializer(state.length + 5);
        framed.writeInt(state.length + 1);
        framed.writeByte(1);
        framed.write(state);
        SeriesDetectorSerializer serializer = new SeriesDetectorSerializer();
        SeriesDetector d = serializer.deserialize(new DataInputDeserializer(framed.getCopyOfBuffer()));
        assertThat(d.series().deviceId()).isEqualTo("w-1");
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(d, out);
        assertThat(out.getCopyOfBuffer()[4]).isEqualTo((byte) SeriesDetectorSerializer.LAYOUT);
        assertThat(serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()))).usingRecursiveComparison()
                .withComparatorForType(Double::compare, Double.class).isEqualTo(d);
    }
}
