package no.varde.streamjobs.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import no.varde.model.anomaly.Anomaly;
import no.varde.model.anomaly.AnomalyKind;
import no.varde.streamjobs.detect.DriftDetector;
import no.varde.streamjobs.detect.Series;
import no.varde.streamjobs.rollup.Rollup;
import no.varde.streamjobs.state.WriteBackOperator;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The drift detectors' state through Flink's heap backend with {@link DriftDetectorSerializer}: a
 * checkpoint an earlier build wrote with Kryo restores and is written in the layout from then on,
 * and a restored detector carries on from what it had learnt (a fresh one needs a day of gaps
 * before it may call anything a drift).
 */
class DriftDetectorStateRestoreTest {
    // Named time fixtures: two days of five pressure loggers following the town's demand, then one walks away over two hours.
    private static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");
    private static final Instant LEARNT = T0.plus(Duration.ofDays(2));
    private static final Instant DRIFT_FROM = LEARNT.plus(Duration.ofHours(1));
    private static final Duration DRIFT_TAKES = Duration.ofHours(2);
    private static final String[] LOGGERS = {"p-0", "p-1", "p-2", "p-3", "p-4"};
    private static final Map<String, String> ZONES = Map.of("p-0", "Nord", "p-1", "Sør", "p-2", "Øst", "p-3", "Vest", "p-4", "Havna");

    private static KeyedOneInputStreamOperatorTestHarness<String, Rollup, Anomaly> harness(TypeSerializer<DriftDetector> serializer)
            throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new WriteBackOperator<>(new DriftDetection(new FixedZoneDirectory(ZONES, Map.of()),
                serializer)), new DriftDetection.DomainKey(), Types.STRING);
        h.setStateBackend(new HashMapStateBackend());
        return h;
    }

    /** The serializer an earlier build used: Flink's generic one, Kryo. */
    private static TypeSerializer<DriftDetector> kryo() {
        return TypeInformation.of(DriftDetector.class).createSerializer(new SerializerConfigImpl());
    }

    /** Sends the minutes [from, to): p-2 walks up from DRIFT_FROM. */
    private static void minutes(KeyedOneInputStreamOperatorTestHarness<String, Rollup, Anomaly> h, Instant from, Instant to) throws Exception {
        Random random = new Random(from.toEpochMilli());
        for (Instant t = from; t.isBefore(to); t = t.plus(Duration.ofMinutes(1))) {
            double demand = Math.sin(2 * Math.PI * Duration.between(T0, t).toMinutes() / 1440.0);
            for (int i = 0; i < LOGGERS.length; i++) {
                double drift = i == 2 && !t.isBefore(DRIFT_FROM) ? 0.6 * Duration.between(DRIFT_FROM, t).toMinutes() / DRIFT_TAKES.toMinutes() : 0;
                double bar = 4 + 0.2 * i - 0.4 * demand + 0.02 * random.nextGaussian() + drift;
                h.processElement(new StreamRecord<>(new Rollup(LOGGERS[i], "water.pressure", t, 1, bar, bar, bar, bar, t), t.toEpochMilli()));
            }
            h.processWatermark(t.toEpochMilli());
        }
    }

    private static OperatorSubtaskState learntThenSnapshot(TypeSerializer<DriftDetector> serializer) throws Exception {
        try (var h = harness(serializer)) {
            h.open();
            minutes(h, T0, LEARNT);
            h.prepareSnapshotPreBarrier(1);
            return h.snapshot(1, 1);
        }
    }

    private static List<Anomaly> drifts(KeyedOneInputStreamOperatorTestHarness<String, Rollup, Anomaly> h) {
        return h.extractOutputValues().stream().filter(a -> a.kind() == AnomalyKind.DRIFT).toList();
    }

    @Test
    void aCheckpointWrittenWithKryoByAnEarlierBuildRestoresAndIsRewrittenInTheLayout() throws Exception {
        OperatorSubtaskState rewritten;
        try (var h = harness(new DriftDetectorSerializer())) {
            h.initializeState(learntThenSnapshot(kryo()));
            h.open();
            minutes(h, LEARNT, DRIFT_FROM.plus(Duration.ofMinutes(30)));
            h.prepareSnapshotPreBarrier(2);
            rewritten = h.snapshot(2, 2);
        }
        try (var h = harness(new DriftDetectorSerializer())) {
            h.initializeState(rewritten);
            h.open();
            minutes(h, DRIFT_FROM.plus(Duration.ofMinutes(30)), DRIFT_FROM.plus(DRIFT_TAKES));
            assertThat(drifts(h)).as("learnt before the Kryo checkpoint, carried through both restores").isNotEmpty()
                    .extracting(a -> a.deviceIds().get(0)).containsOnly("p-2");
        }
    }

    @Test
    void aCheckpointInTheLayoutRestoresWhatWasLearnt() throws Exception {
        try (var restored = harness(new DriftDetectorSerializer()); var fresh = harness(new DriftDetectorSerializer())) {
            restored.initializeState(learntThenSnapshot(new DriftDetectorSerializer()));
            restored.open();
            fresh.open();
            minutes(restored, LEARNT, DRIFT_FROM.plus(DRIFT_TAKES));
            minutes(fresh, LEARNT, DRIFT_FROM.plus(DRIFT_TAKES));
            assertThat(drifts(restored)).extracting(a -> a.deviceIds().get(0)).containsOnly("p-2");
            assertThat(drifts(fresh)).as("a fresh detector is still learning the usual gaps: it calls nothing a drift").isEmpty();
        }
    }

    @Test
    void aDetectorWithAnOpenDriftRoundTripsAndAnUnknownLayoutIsAClearError() throws Exception {
        DriftDetector d = new DriftDetector();
        List<Anomaly> out = new ArrayList<>();
        Random random = new Random(7);
        for (int m = 0; m < 3 * 1440; m++) {
            double demand = Math.sin(2 * Math.PI * m / 1440.0);
            for (int i = 0; i < LOGGERS.length; i++) {
                double drift = i == 2 && m > 2 * 1440 ? Math.min(0.6, 0.005 * (m - 2 * 1440)) : 0;
                d.accept(new Series(LOGGERS[i], "water.pressure", "bar", no.varde.model.Domain.WATER, ZONES.get(LOGGERS[i])), m * 60_000L,
                        4 + 0.2 * i - 0.4 * demand + 0.02 * random.nextGaussian() + drift, out::add);
            }
        }
        assertThat(d.hasOpen()).as("p-2's drift is open, with a half-collected bucket pending").isTrue();
        DriftDetectorSerializer serializer = new DriftDetectorSerializer();
        DataOutputSerializer written = new DataOutputSerializer(1024);
        serializer.serialize(d, written);
        DriftDetector back = serializer.deserialize(new DataInputDeserializer(written.getCopyOfBuffer()));
        assertThat(back).usingRecursiveComparison().withComparatorForType(Double::compare, Double.class).isEqualTo(d);
        assertThat(serializer.copy(d)).isNotSameAs(d).usingRecursiveComparison().withComparatorForType(Double::compare, Double.class).isEqualTo(d);

        byte[] future = written.getCopyOfBuffer();
        future[4] = (byte) (DriftDetector.LAYOUT + 1);
        assertThatThrownBy(() -> serializer.deserialize(new DataInputDeserializer(future)))
                .isInstanceOf(IOException.class).hasMessageContaining("drift detector state").hasMessageContaining("newer Varde");
    }
}
