package no.varde.streamjobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import no.varde.model.Reading;
import no.varde.streamjobs.rollup.MinuteRollupOperator;
import no.varde.streamjobs.rollup.ReadingRollup;
import no.varde.streamjobs.rollup.WindowBucket;
import no.varde.streamjobs.rollup.Rollup;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.triggers.EventTimeTrigger;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.operators.windowing.WindowOperatorBuilder;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The 1-minute rollups ({@link MinuteRollupOperator}) in Flink's operator test harness, with
 * out-of-order and late readings, and restored from a checkpoint of the window operator it
 * replaced (resends: {@code ResendFilterHarnessTest}).
 */
class MinuteRollupHarnessTest {
    // Named time fixtures: one minute of a series and what arrives around its end.
    private static final Instant MINUTE_START = Instant.parse("2026-11-23T03:00:00Z");
    private static final Instant EARLY = MINUTE_START.plusSeconds(5);
    private static final Instant MIDDLE = MINUTE_START.plusSeconds(30);
    private static final Instant LATE_IN_MINUTE = MINUTE_START.plusSeconds(55);
    private static final Instant NEXT_MINUTE = MINUTE_START.plusSeconds(65);
    private static final Instant MINUTE_END = MINUTE_START.plusSeconds(60);
    private static final Instant PAST_LATENESS = MINUTE_END.plus(ReadingsJob.ALLOWED_LATENESS).plusSeconds(1);

    private static StreamRecord<Reading> at(Instant time, double value) {
        return new StreamRecord<>(new Reading("w-1", "water.flow", value, "m3/h", time, time), time.toEpochMilli());
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Reading, Rollup> harness(OneInputStreamOperator<Reading, Rollup> operator)
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(operator, new SeriesKeys.OfReading(), Types.STRING);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Reading, Rollup> harness() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, Reading, Rollup> harness = harness(minuteRollups());
        harness.open();
        return harness;
    }

    private static MinuteRollupOperator minuteRollups() {
        return new MinuteRollupOperator(ReadingsJob.ALLOWED_LATENESS.toMillis(), ReadingsJob.LATE);
    }

    /** The window operator the job ran before {@link MinuteRollupOperator}, built as the job built it. */
    private static OneInputStreamOperator<Reading, Rollup> formerWindow() {
        WindowOperatorBuilder<Reading, String, TimeWindow> builder = new WindowOperatorBuilder<>(
                TumblingEventTimeWindows.of(Duration.ofMinutes(1)), EventTimeTrigger.create(), new ExecutionConfig(),
                TypeInformation.of(Reading.class), new SeriesKeys.OfReading(), Types.STRING);
        builder.allowedLateness(ReadingsJob.ALLOWED_LATENESS);
        builder.sideOutputLateData(ReadingsJob.LATE);
        return builder.aggregate(new ReadingRollup(), new WindowBucket(), TypeInformation.of(Rollup.class));
    }

    private static List<Rollup> increments(KeyedOneInputStreamOperatorTestHarness<String, Reading, Rollup> harness) {
        return harness.getSideOutput(MinuteRollupOperator.INCREMENTS).stream().map(StreamRecord::getValue).toList();
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

            assertThat(increments(harness)).as("the hour's input: the minute as first emitted").containsExactly(minute);

            // A late reading within the allowed lateness emits the minute again, corrected, and passes the
            // hour only what it adds (the whole minute again would count its first two readings twice).
            harness.processElement(at(LATE_IN_MINUTE, 30));
            List<Rollup> all = harness.extractOutputValues();
            assertThat(all).hasSize(2);
            assertThat(all.get(1).count()).isEqualTo(3);
            assertThat(all.get(1).last()).isEqualTo(30);
            assertThat(all.get(1).bucket()).isEqualTo(MINUTE_START);
            List<Rollup> increments = increments(harness);
            assertThat(increments).hasSize(2);
            Rollup added = increments.get(1);
            assertThat(added.bucket()).isEqualTo(MINUTE_START);
            assertThat(added.count()).isEqualTo(1);
            assertThat(added.sum()).isEqualTo(30);
            assertThat(increments.get(0).merge(added)).as("merged, the increments are the corrected minute").isEqualTo(all.get(1));
        }
    }

    @Test
    void stateAndTimersAreCleanedUpOnceTheLatenessHasPassed() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, Reading, Rollup> harness = harness()) {
            harness.processElement(at(EARLY, 10));
            harness.processElement(at(MIDDLE, 20));
            assertThat(harness.numKeyedStateEntries()).isPositive();
            assertThat(harness.numEventTimeTimers()).isPositive();
            harness.processWatermark(PAST_LATENESS.toEpochMilli());
            assertThat(harness.extractOutputValues()).hasSize(1);
            assertThat(harness.numKeyedStateEntries()).isZero();
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void aReadingLaterThanTheAllowedLatenessGoesToTheLateOutputAndChangesNothing() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, Reading, Rollup> harness = harness()) {
            harness.processElement(at(EARLY, 10));
            harness.processWatermark(PAST_LATENESS.toEpochMilli());
            harness.processElement(at(MIDDLE, 20));
            assertThat(harness.extractOutputValues()).hasSize(1);
            assertThat(increments(harness)).hasSize(1);
            assertThat(harness.getSideOutput(ReadingsJob.LATE)).extracting(StreamRecord::getValue).extracting(Reading::value).containsExactly(20.0);
            assertThat(harness.numKeyedStateEntries()).isZero();
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void aMinuteRegistersItsTwoTimersOnceHoweverManyReadingsItHas() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, Reading, Rollup> harness = harness()) {
            for (int second = 0; second < 60; second++) {
                harness.processElement(at(MINUTE_START.plusSeconds(second), second));
            }
            assertThat(harness.numEventTimeTimers()).as("its emission and its clean-up").isEqualTo(2);
            harness.processWatermark(MINUTE_END.toEpochMilli());
            assertThat(harness.numEventTimeTimers()).as("its clean-up").isEqualTo(1);
            // A minute whose first reading arrives after its end (within the lateness) is emitted at once.
            harness.processElement(at(MINUTE_START.minusSeconds(30), 7));
            assertThat(harness.extractOutputValues()).extracting(Rollup::bucket).containsExactly(MINUTE_START, MINUTE_START.minusSeconds(60));
            assertThat(harness.numEventTimeTimers()).isEqualTo(2);
        }
    }

    @Test
    void aCheckpointOfTheFormerWindowOperatorRestoresItsOpenMinutes() throws Exception {
        restoresOpenMinutesWrittenBy(formerWindow());
    }

    @Test
    void aCheckpointOfItsOwnRestoresItsOpenMinutesThoughTheWatermarkStartsOver() throws Exception {
        restoresOpenMinutesWrittenBy(minuteRollups());
    }

    /**
     * A checkpoint with one minute emitted (open for late readings) and the next still open; after
     * the restore the watermark starts from nothing, so the late reading for the emitted minute
     * looks on time: it must still correct the minute at once and reach the hour as itself only;
     * and a reading that was late before the checkpoint is late after it.
     */
    private static void restoresOpenMinutesWrittenBy(OneInputStreamOperator<Reading, Rollup> writer) throws Exception {
        OperatorSubtaskState checkpoint;
        try (KeyedOneInputStreamOperatorTestHarness<String, Reading, Rollup> before = harness(writer)) {
            before.open();
            before.processElement(at(EARLY, 10));
            before.processElement(at(NEXT_MINUTE, 99));
            before.processWatermark(MINUTE_END.toEpochMilli());   // the first minute emitted, open for late readings
            assertThat(before.extractOutputValues()).hasSize(1);
            before.prepareSnapshotPreBarrier(1);
            checkpoint = before.snapshot(1, 1);
        }
        try (KeyedOneInputStreamOperatorTestHarness<String, Reading, Rollup> harness = harness(minuteRollups())) {
            harness.initializeState(checkpoint);
            harness.open();
            harness.processElement(at(MIDDLE, 20));                      // late, within the lateness: corrects the restored minute
            assertThat(harness.extractOutputValues()).as("corrected at once, as before the checkpoint").extracting(Rollup::count)
                    .containsExactly(2);
            harness.processElement(at(NEXT_MINUTE.plusSeconds(10), 101));  // joins the restored open minute
            // Twenty minutes late: late before the checkpoint, so late after it, though the watermark starts over.
            harness.processElement(at(MINUTE_START.minus(Duration.ofMinutes(20)), 5));
            assertThat(harness.getSideOutput(ReadingsJob.LATE)).extracting(StreamRecord::getValue).extracting(Reading::value).containsExactly(5.0);
            harness.processWatermark(PAST_LATENESS.plus(Duration.ofMinutes(1)).toEpochMilli());
            List<Rollup> out = harness.extractOutputValues();
            assertThat(out).extracting(Rollup::count).containsExactly(2, 2);
            assertThat(out.get(0).bucket()).isEqualTo(MINUTE_START);
            assertThat(out.get(0).avg()).isEqualTo(15);
            assertThat(out.get(1).bucket()).isEqualTo(MINUTE_END);
            assertThat(out.get(1).avg()).isEqualTo(100);
            assertThat(increments(harness)).as("the hour had the first minute's 10 before the checkpoint: now only the 20; the next minute whole")
                    .extracting(Rollup::bucket, Rollup::count, Rollup::sum)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(MINUTE_START, 1, 20.0), org.assertj.core.groups.Tuple.tuple(MINUTE_END, 2, 200.0));
            assertThat(harness.numKeyedStateEntries()).as("cleaned up by the restored timers").isZero();
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }
}
