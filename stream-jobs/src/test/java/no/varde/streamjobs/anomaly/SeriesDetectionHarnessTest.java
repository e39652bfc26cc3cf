package no.varde.streamjobs.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import no.varde.model.Reading;
import no.varde.model.anomaly.Anomaly;
import no.varde.model.anomaly.AnomalyKind;
import no.varde.streamjobs.detect.Assessment;
import no.varde.streamjobs.detect.DetectorSettings;
import no.varde.streamjobs.detect.LimitRule;
import no.varde.streamjobs.detect.LimitRules;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
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
        var h = unopened(LimitRules.shipped());
        h.open();
        return h;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Reading, Anomaly> unopened(LimitRules rules) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new SeriesDetection(
                new FixedZoneDirectory(Map.of("w-1", "Nord"), Map.of()), rules, DetectorSettings.defaults())),
                new no.varde.streamjobs.SeriesKeys.OfReading(), Types.STRING);
    }

    /** Restores {@code snapshot} under {@code rules} and sends one more low reading; what the operator reports. */
    private static List<Anomaly> restoredUnder(LimitRules rules, OperatorSubtaskState snapshot) throws Exception {
        try (var h = unopened(rules)) {
            h.initializeState(snapshot);
            h.open();
            h.processElement(reading(LOW_FROM.plus(Duration.ofMinutes(6)), 1.5));
            return h.extractOutputValues().stream().filter(a -> a.kind() == AnomalyKind.LIMIT).toList();
        }
    }

    /**
     * 200 normal minutes with w-1 in Nord, then {@code registryChange} to the registry, then a
     * low-pressure breach: the limit anomalies reported.
     */
    private static List<Anomaly> breachAfter(java.util.function.Consumer<FixedZoneDirectory> registryChange) throws Exception {
        FixedZoneDirectory registry = new FixedZoneDirectory(Map.of("w-1", "Nord"), Map.of());
        try (var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new SeriesDetection(registry,
                LimitRules.shipped(), DetectorSettings.defaults())), new no.varde.streamjobs.SeriesKeys.OfReading(), Types.STRING)) {
            h.open();
            for (int m = 0; m < 200; m++) {
                h.processElement(reading(T0.plus(Duration.ofMinutes(m)), 4.0 + 0.01 * (m % 7)));
            }
            registryChange.accept(registry);
            for (int m = 0; m < 6; m++) {
                h.processElement(reading(LOW_FROM.plus(Duration.ofMinutes(m)), 1.5));
            }
            return h.extractOutputValues().stream().filter(a -> a.kind() == AnomalyKind.LIMIT).toList();
        }
    }

    @Test
    void aDeviceMovedToAnotherZoneInTheRegistryIsJudgedThereAtItsNextReading() throws Exception {
        // Before, the series kept the zone it began in until a week of silence, and a restart restored it with it.
        List<Anomaly> limits = breachAfter(registry -> registry.move("w-1", "Sør"));
        assertThat(limits).isNotEmpty().allSatisfy(a -> assertThat(a.zone()).isEqualTo("Sør"));
        assertThat(limits.get(0).explanation()).contains("(zone Sør)");
    }

    @Test
    void aDeviceTheRegistryNoLongerKnowsKeepsItsZone() throws Exception {
        // What a directory that could not read the registry (a database outage at start) looks like: no device known.
        List<Anomaly> limits = breachAfter(registry -> registry.forget("w-1"));
        assertThat(limits).isNotEmpty().allSatisfy(a -> assertThat(a.zone()).isEqualTo("Nord"));
    }

    @Test
    void anEditedLimitsFileAppliesToSeriesRestoredFromACheckpoint() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            for (int m = 0; m < 200; m++) {
                h.processElement(reading(T0.plus(Duration.ofMinutes(m)), 4.0 + 0.01 * (m % 7)));
            }
            for (int m = 0; m < 6; m++) {
                h.processElement(reading(LOW_FROM.plus(Duration.ofMinutes(m)), 1.5));
            }
            assertThat(h.extractOutputValues()).extracting(Anomaly::kind).contains(AnomalyKind.LIMIT);
            snapshot = h.snapshot(1, 1);
        }
        assertThat(restoredUnder(LimitRules.shipped(), snapshot)).as("unchanged rules: the open breach goes on, nothing new").isEmpty();

        // The municipality lowers its minimum pressure to 1.0 bar (clear above 1.2) and restarts: 1.5 bar is no breach now.
        LimitRules lowered = new LimitRules(LimitRules.shipped().all().stream()
                .map(r -> r.metric().equals("water.pressure") && !r.upper()
                        ? new LimitRule(r.id(), r.metric(), false, 1.0, 1.2, r.minimum(), r.average(), r.severity(), r.zones(), r.source())
                        : r)
                .toList());
        List<Anomaly> underLowered = restoredUnder(lowered, snapshot);
        assertThat(underLowered).hasSize(1);
        assertThat(underLowered.get(0).isOpen()).as("the breach, judged by the new limit, is over").isFalse();

        List<Anomaly> underNone = restoredUnder(new LimitRules(List.of()), snapshot);
        assertThat(underNone).hasSize(1);
        assertThat(underNone.get(0).isOpen()).isFalse();
        assertThat(underNone.get(0).explanation()).contains("is no longer in the limits in force");
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
    void aSeriesReportingForTwoWeeksHoldsOneTimerAndIsKept() throws Exception {
        try (var h = harness()) {
            for (int hour = 0; hour < 14 * 24; hour++) {
                Instant t = T0.plus(Duration.ofHours(hour));
                h.processElement(reading(t, 4.0 + 0.01 * (hour % 7)));
                h.processWatermark(t.toEpochMilli());
                assertThat(h.numEventTimeTimers()).as("pending forget timers after hour " + hour).isEqualTo(1);
            }
            assertThat(h.numKeyedStateEntries()).isPositive();
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
