package no.varde.streamjobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import no.varde.model.Reading;
import no.varde.streamjobs.rollup.ResendFilter;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** Resent readings are dropped before the rollups; a series' memory is cleared when it falls silent. */
class ResendFilterHarnessTest {
    // Named time fixtures.
    private static final Instant FIRST = Instant.parse("2026-11-23T03:00:10Z");
    private static final Instant SECOND = FIRST.plusSeconds(10);
    private static final Instant SAME_MICROSECOND_OTHER_SERIES = FIRST;
    private static final Instant AN_HOUR_AND_A_MINUTE_LATER = FIRST.plus(Duration.ofMinutes(61));

    private static StreamRecord<Reading> reading(String device, Instant time, double value) {
        return new StreamRecord<>(new Reading(device, "water.flow", value, "m3/h", time, time), time.toEpochMilli());
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Reading, Reading> harness() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, Reading, Reading> harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new ResendFilter()), new SeriesKeys.OfReading(), Types.STRING);
        harness.open();
        return harness;
    }

    @Test
    void aResendIsDroppedOtherSeriesAndLaterReadingsPass() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, Reading, Reading> harness = harness()) {
            harness.processElement(reading("w-1", SECOND, 20));
            harness.processElement(reading("w-1", FIRST, 10));       // out of order, not a resend
            harness.processElement(reading("w-1", SECOND, 20));      // resent after a lost PUBACK
            harness.processElement(reading("w-2", SAME_MICROSECOND_OTHER_SERIES, 5));
            assertThat(harness.extractOutputValues()).extracting(Reading::value).containsExactly(20.0, 10.0, 5.0);
        }
    }

    @Test
    void aSeriesThatKeepsReportingIsNotForgotten() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, Reading, Reading> harness = harness()) {
            harness.processElement(reading("w-1", FIRST, 10));
            harness.processElement(reading("w-1", FIRST.plus(Duration.ofMinutes(30)), 11));
            // The first minute's timer fires; the series reported since, so it is kept.
            harness.processWatermark(FIRST.plus(Duration.ofMinutes(62)).toEpochMilli());
            assertThat(harness.numKeyedStateEntries()).isEqualTo(1);   // one array holds what was seen and the newest time
            assertThat(harness.numEventTimeTimers()).isEqualTo(1);
            harness.processElement(reading("w-1", FIRST, 10));       // still remembered: a resend is dropped
            assertThat(harness.extractOutputValues()).hasSize(2);
        }
    }

    @Test
    void aSeriesReportingEveryTwentySecondsForTwoHoursHoldsOneTimer() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, Reading, Reading> harness = harness()) {
            for (int i = 0; i < 360; i++) {
                Instant t = FIRST.plusSeconds(20L * i);
                harness.processElement(reading("w-1", t, i));
                harness.processWatermark(t.toEpochMilli() - 5_000);
                assertThat(harness.numEventTimeTimers()).as("pending forget timers after reading " + i).isEqualTo(1);
            }
            assertThat(harness.numKeyedStateEntries()).as("still reporting: remembered").isEqualTo(1);
            harness.processWatermark(FIRST.plus(Duration.ofMinutes(120 + 62)).toEpochMilli());
            assertThat(harness.numKeyedStateEntries()).as("silent for an hour: forgotten").isZero();
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }

    /** Found by ClusterFaultTest: a Kafka broker killed for 15 s held up hundreds of PUBACKs per device, all resent. */
    @Test
    void hundredsOfReadingsResentAfterAnOutageAreAllDropped() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, Reading, Reading> harness = harness()) {
            harness.setProcessingTime(0);
            for (int i = 0; i < 500; i++) {
                harness.setProcessingTime(i * 100L);
                harness.processElement(reading("w-1", FIRST.plusSeconds(i), i));
            }
            harness.setProcessingTime(90_000);   // the device reconnected and resends everything not acknowledged
            for (int i = 0; i < 500; i++) {
                harness.processElement(reading("w-1", FIRST.plusSeconds(i), i));
            }
            assertThat(harness.extractOutputValues()).hasSize(500);
        }
    }

    @Test
    void aBusySeriesForgetsWhatArrivedLongAgoButKeepsItsNewest() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, Reading, Reading> harness = harness()) {
            for (int i = 0; i < 200; i++) {
                harness.setProcessingTime(i * 1_000L);
                harness.processElement(reading("w-1", FIRST.plusSeconds(i), i));
            }
            harness.setProcessingTime(400_000);   // minutes after the last arrival
            harness.processElement(reading("w-1", FIRST, 0));                 // long forgotten: passes
            harness.processElement(reading("w-1", FIRST.plusSeconds(199), 199)); // among the newest: dropped
            assertThat(harness.extractOutputValues()).hasSize(201);
        }
    }

    @Test
    void aSilentSeriesIsForgottenStateAndTimersCleared() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, Reading, Reading> harness = harness()) {
            harness.processElement(reading("w-1", FIRST, 10));
            harness.processElement(reading("w-1", SECOND, 11));
            assertThat(harness.numKeyedStateEntries()).isEqualTo(1);   // one array holds what was seen and the newest time
            assertThat(harness.numEventTimeTimers()).isEqualTo(1);
            harness.processWatermark(AN_HOUR_AND_A_MINUTE_LATER.toEpochMilli());
            assertThat(harness.numKeyedStateEntries()).isZero();
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }
}
