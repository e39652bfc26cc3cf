package no.varde.streamjobs.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import no.varde.model.Reading;
import no.varde.model.anomaly.Anomaly;
import no.varde.model.anomaly.AnomalyKind;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** A device that stops reporting is declared silent once, in event time, and resumes cleanly; state goes when it is gone for good. */
class SilenceDetectionHarnessTest {
    // Named time fixtures: a device reporting every minute, then falling silent after LAST_REPORT.
    private static final Instant T0 = Instant.parse("2026-11-23T02:00:00Z");
    private static final Instant LAST_REPORT = T0.plus(Duration.ofMinutes(10));
    // The usual interval is learnt as 65 s (60 s rounded up to its histogram bucket's edge).
    private static final Instant BEFORE_DEADLINE = LAST_REPORT.plusSeconds(97);          // 1.5 intervals: not yet
    private static final Instant AFTER_DEADLINE = LAST_REPORT.plusSeconds(103);          // 1.5 intervals + 5 s allowance
    private static final Instant RESUMED = LAST_REPORT.plus(Duration.ofMinutes(20));
    private static final Instant A_WEEK_LATER = RESUMED.plus(Duration.ofDays(8));

    private static StreamRecord<Reading> reading(String metric, Instant t) {
        return new StreamRecord<>(new Reading("w-1", metric, 4.0, "bar", t, t), t.toEpochMilli());
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Reading, Anomaly> harness() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                new SilenceDetection(new FixedZoneDirectory(Map.of("w-1", "Nord"), Map.of()), 5_000)), Reading::deviceId, Types.STRING);
        h.open();
        return h;
    }

    @Test
    void aSilentDeviceIsReportedOnceAndClosedWhenItResumes() throws Exception {
        try (var h = harness()) {
            for (Instant t = T0; !t.isAfter(LAST_REPORT); t = t.plus(Duration.ofMinutes(1))) {
                h.processElement(reading("water.pressure", t));
                h.processElement(reading("water.flow", t));
                h.processWatermark(t.toEpochMilli() - 5_000);
            }
            h.processWatermark(BEFORE_DEADLINE.toEpochMilli());
            assertThat(h.extractOutputValues()).isEmpty();
            h.processWatermark(AFTER_DEADLINE.toEpochMilli());
            h.processWatermark(AFTER_DEADLINE.plus(Duration.ofMinutes(5)).toEpochMilli());
            List<Anomaly> out = h.extractOutputValues();
            assertThat(out).hasSize(1);
            assertThat(out.get(0).kind()).isEqualTo(AnomalyKind.SILENCE);
            assertThat(out.get(0).metric()).isNull();
            assertThat(out.get(0).zone()).isEqualTo("Nord");
            assertThat(out.get(0).startedAt()).isEqualTo(LAST_REPORT);
            assertThat(out.get(0).explanation()).contains("w-1", "has not reported since", "every 65 s");

            h.processElement(reading("water.pressure", RESUMED));
            out = h.extractOutputValues();
            assertThat(out).hasSize(2);
            assertThat(out.get(1).id()).isEqualTo(out.get(0).id());
            assertThat(out.get(1).isOpen()).isFalse();
            assertThat(out.get(1).endedAt()).isEqualTo(RESUMED);
        }
    }

    @Test
    void aDeviceMovedToAnotherZoneInTheRegistryFallsSilentInItsNewZone() throws Exception {
        FixedZoneDirectory registry = new FixedZoneDirectory(Map.of("w-1", "Nord"), Map.of());
        try (var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new SilenceDetection(registry, 5_000)),
                Reading::deviceId, Types.STRING)) {
            h.open();
            for (Instant t = T0; !t.isAfter(LAST_REPORT); t = t.plus(Duration.ofMinutes(1))) {
                if (t.equals(LAST_REPORT.minus(Duration.ofMinutes(2)))) {
                    registry.move("w-1", "Sør");
                }
                h.processElement(reading("water.pressure", t));
                h.processWatermark(t.toEpochMilli() - 5_000);
            }
            h.processWatermark(AFTER_DEADLINE.plus(Duration.ofMinutes(5)).toEpochMilli());
            assertThat(h.extractOutputValues()).extracting(Anomaly::zone).containsExactly("Sør");
        }
    }

    @Test
    void aDeviceSendingInBurstsIsNotSilentBetweenThem() throws Exception {
        try (var h = harness()) {
            // A gateway flushing its buffer: five readings a second apart, then a minute's pause, for an hour.
            for (int burst = 0; burst < 60; burst++) {
                Instant start = T0.plus(Duration.ofMinutes(burst));
                for (int i = 0; i < 5; i++) {
                    h.processElement(reading("water.pressure", start.plusSeconds(i)));
                }
                h.processWatermark(start.plusSeconds(55).toEpochMilli());
            }
            // The first pause comes before the rhythm is known; after that, pauses between bursts are normal.
            assertThat(h.extractOutputValues()).filteredOn(a -> a.startedAt().isAfter(T0.plus(Duration.ofMinutes(1)))).isEmpty();
        }
    }

    @Test
    void oneMetricStoppingIsAMetricSilence() throws Exception {
        try (var h = harness()) {
            Instant t = T0;
            for (; !t.isAfter(LAST_REPORT); t = t.plus(Duration.ofMinutes(1))) {
                h.processElement(reading("water.pressure", t));
                h.processElement(reading("water.flow", t));
            }
            for (; t.isBefore(RESUMED); t = t.plus(Duration.ofMinutes(1))) {
                h.processElement(reading("water.pressure", t));
                h.processWatermark(t.toEpochMilli() - 5_000);
            }
            List<Anomaly> out = h.extractOutputValues();
            assertThat(out).hasSize(1);
            assertThat(out.get(0).metric()).isEqualTo("water.flow");
        }
    }

    @Test
    void whenEveryDeviceStopsTheWallClockDeclaresTheSilence() throws Exception {
        try (var h = harness()) {
            long wall = 1_000_000L;
            for (Instant t = T0; !t.isAfter(LAST_REPORT); t = t.plus(Duration.ofMinutes(1))) {
                h.setProcessingTime(wall);
                h.processElement(reading("water.pressure", t));
                h.processWatermark(t.toEpochMilli() - 5_000);
                wall += 60_000;
            }
            // Ingest is down: no readings, so the watermark stands still; only the wall clock moves.
            h.setProcessingTime(wall + 60_000);
            assertThat(h.extractOutputValues()).isEmpty();
            h.setProcessingTime(wall + 4 * 60_000);
            List<Anomaly> out = h.extractOutputValues();
            assertThat(out).hasSize(1);
            assertThat(out.get(0).kind()).isEqualTo(AnomalyKind.SILENCE);
            assertThat(out.get(0).startedAt()).isEqualTo(LAST_REPORT);
        }
    }

    @Test
    void aDeviceGoneForAWeekLeavesNoStateOrTimers() throws Exception {
        try (var h = harness()) {
            for (Instant t = T0; !t.isAfter(LAST_REPORT); t = t.plus(Duration.ofMinutes(1))) {
                h.processElement(reading("water.pressure", t));
            }
            h.processWatermark(A_WEEK_LATER.toEpochMilli());
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }
}
