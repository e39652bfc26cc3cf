package no.varde.streamjobs.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import no.varde.model.Reading;
import no.varde.model.anomaly.Anomaly;
import no.varde.model.anomaly.AnomalyKind;
import no.varde.streamjobs.detect.Assessment;
import no.varde.streamjobs.detect.DetectorSettings;
import no.varde.streamjobs.detect.LimitRules;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The series operator: limit breaches in event time, out-of-order readings left out, state and timers gone with the series. */
class SeriesDetectionHarnessTest {
    // Named time fixtures.
    private static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");
    private static final Instant LOW_FROM = T0.plus(Duration.ofMinutes(200));
    private static final Instant OUT_OF_ORDER = T0.plus(Duration.ofMinutes(150)).plusSeconds(30);
    private static final Instant GONE_FOR_A_WEEK = T0.plus(Duration.ofDays(9));

    private static StreamRecord<Reading> reading(Instant t, double bar) {
        return new StreamRecord<>(new Reading("w-1", "water.pressure", bar, "bar", t, t), t.toEpochMilli());
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Reading, Anomaly> harness() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new SeriesDetection(
                new FixedZoneDirectory(Map.of("w-1", "Nord"), Map.of()), LimitRules.shipped(), DetectorSettings.defaults())),
                new no.varde.streamjobs.SeriesKeys.OfReading(), Types.STRING);
        h.open();
        return h;
    }

    @Test
    void lowPressureOpensTheShippedLimitOnceAndOutOfOrderReadingsAreLeftOut() throws Exception {
        try (var h = harness()) {
            for (int m = 0; m < 200; m++) {
                h.processElement(reading(T0.plus(Duration.ofMinutes(m)), 4.0 + 0.01 * (m % 7)));
            }
            h.processElement(reading(OUT_OF_ORDER, 0.5)); // older than the newest: not checked (it is stored all the same)
            for (int m = 0; m < 6; m++) {
                h.processElement(reading(LOW_FROM.plus(Duration.ofMinutes(m)), 1.5));
            }
            var limits = h.extractOutputValues().stream().filter(a -> a.kind() == AnomalyKind.LIMIT).toList();
            assertThat(limits).hasSize(1);
            assertThat(limits.get(0).startedAt()).isEqualTo(LOW_FROM);
            assertThat(limits.get(0).explanation()).contains("below the limit 2.00 bar", "Norsk Vann");
            assertThat(h.getSideOutput(SeriesDetection.ASSESSMENTS)).extracting(r -> ((Assessment) r.getValue()).deviation())
                    .as("the composites hear of the drop").isNotEmpty();
        }
    }

    @Test
    void aSeriesGoneForAWeekLeavesNoStateOrTimers() throws Exception {
        try (var h = harness()) {
            for (int m = 0; m < 30; m++) {
                h.processElement(reading(T0.plus(Duration.ofMinutes(m)), 4.0));
            }
            assertThat(h.numKeyedStateEntries()).isPositive();
            h.processWatermark(GONE_FOR_A_WEEK.toEpochMilli());
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }
}
