package no.varde.streamjobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import no.varde.model.Reading;
import no.varde.streamjobs.rollup.ReadingRollup;
import no.varde.streamjobs.rollup.WindowBucket;
import no.varde.streamjobs.rollup.Rollup;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.triggers.EventTimeTrigger;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.operators.windowing.WindowOperatorBuilder;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The 1-minute rollup window in Flink's operator test harness, with out-of-order and late readings (resends: {@code ResendFilterHarnessTest}). */
class MinuteRollupHarnessTest {
    // Named time fixtures: one minute of a series and what arrives around its end.
    private static final Instant MINUTE_START = Instant.parse("2026-11-23T03:00:00Z");
    private static final Instant EARLY = MINUTE_START.plusSeconds(5);
    private static final Instant MIDDLE = MINUTE_START.plusSeconds(30);
    private static final Instant LATE_IN_MINUTE = MINUTE_START.plusSeconds(55);
    private static final Instant NEXT_MINUTE = MINUTE_START.plusSeconds(65);
    private static final Instant MINUTE_END = MINUTE_START.plusSeconds(60);

    private static StreamRecord<Reading> at(Instant time, double value) {
        return new StreamRecord<>(new Reading("w-1", "water.flow", value, "m3/h", time, time), time.toEpochMilli());
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Reading, Rollup> harness() throws Exception {
        WindowOperatorBuilder<Reading, String, TimeWindow> builder = new WindowOperatorBuilder<>(
                TumblingEventTimeWindows.of(Duration.ofMinutes(1)), EventTimeTrigger.create(), new ExecutionConfig(),
                TypeInformation.of(Reading.class), new SeriesKeys.OfReading(), Types.STRING);
        builder.allowedLateness(ReadingsJob.ALLOWED_LATENESS);
        OneInputStreamOperator<Reading, Rollup> operator = builder.aggregate(new ReadingRollup(), new WindowBucket(), TypeInformation.of(Rollup.class));
        KeyedOneInputStreamOperatorTestHarness<String, Reading, Rollup> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(operator, new SeriesKeys.OfReading(), Types.STRING);
        harness.open();
        return harness;
    }

    @Test
    void outOfOrderReadingsFormOneMinuteAndLateOnesCorrectIt() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, Reading, Rollup> harness = harness()) {
            harness.processElement(at(MIDDLE, 20));
            harness.processElement(at(EARLY, 10));          // out of order: earlier than the previous one
            harness.processElement(at(NEXT_MINUTE, 99));    // belongs to the next minute
            harness.processWatermark(MINUTE_END.toEpochMilli());

            List<Rollup> fired = harness.extractOutputValues();
            assertThat(fired).hasSize(1);
            Rollup minute = fired.get(0);
            assertThat(minute.bucket()).isEqualTo(MINUTE_START);
            assertThat(minute.count()).isEqualTo(2);
            assertThat(minute.min()).isEqualTo(10);
            assertThat(minute.max()).isEqualTo(20);
            assertThat(minute.avg()).isEqualTo(15);
            assertThat(minute.last()).isEqualTo(20);

            // A late reading within the allowed lateness fires the minute again, corrected.
            harness.processElement(at(LATE_IN_MINUTE, 30));
            List<Rollup> all = harness.extractOutputValues();
            assertThat(all).hasSize(2);
            assertThat(all.get(1).count()).isEqualTo(3);
            assertThat(all.get(1).last()).isEqualTo(30);
        }
    }

    @Test
    void stateAndTimersAreCleanedUpOnceTheLatenessHasPassed() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, Reading, Rollup> harness = harness()) {
            harness.processElement(at(EARLY, 10));
            harness.processElement(at(MIDDLE, 20));
            assertThat(harness.numKeyedStateEntries()).isPositive();
            assertThat(harness.numEventTimeTimers()).isPositive();
            harness.processWatermark(MINUTE_END.plus(ReadingsJob.ALLOWED_LATENESS).plusSeconds(1).toEpochMilli());
            assertThat(harness.extractOutputValues()).hasSize(1);
            assertThat(harness.numKeyedStateEntries()).isZero();
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }
}
