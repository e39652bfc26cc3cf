package no.varde.streamjobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import no.varde.model.Reading;
import no.varde.streamjobs.rollup.Rollup;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;

/**
 * The readings graph ({@link ReadingsJob#attach}) in a local Flink, with a reading that arrives
 * after its minute was stored but within the allowed lateness: the minute and its hour must both
 * count it once. Before, the corrected minute reached the hour as a second minute, and the hour
 * counted the minute's earlier readings twice (its mean, the regulation's hourly mean, was off).
 */
class LateReadingRollupsTest {
    private static final Instant HOUR = Instant.parse("2026-11-23T03:00:00Z");
    // Named time fixtures: two readings in the first minute, the stream moves on, one comes late for it.
    private static final Instant FIRST = HOUR.plusSeconds(10);
    private static final Instant SECOND = HOUR.plusSeconds(20);
    private static final Instant TWO_MINUTES_ON = HOUR.plusSeconds(130);   // watermark 03:02:05: the first minute is emitted
    private static final Instant LATE_FOR_FIRST = HOUR.plusSeconds(30);    // 100 s late, within the 10 minutes allowed
    private static final Instant TOO_LATE_FOR_FIRST = HOUR.plusSeconds(40);
    private static final Instant FAR_ON = HOUR.plusSeconds(60 * 13);        // past the first minute's lateness

    private static Reading at(Instant time, double value) {
        return new Reading("no2-1", "air.no2", value, "ug/m3", time, time);
    }

    @Test
    void aLateReadingWithinTheLatenessCorrectsItsMinuteAndIsCountedOnceInItsHour() throws Exception {
        List<Reading> readings = List.of(at(FIRST, 10), at(SECOND, 20), at(TWO_MINUTES_ON, 40), at(LATE_FOR_FIRST, 30),
                at(FAR_ON, 50), at(TOO_LATE_FOR_FIRST, 99));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        DataStream<Reading> stream = env.fromData(Reading.class, readings.toArray(Reading[]::new))
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Reading>forGenerator(c -> new EveryReading())
                        .withTimestampAssigner((r, previous) -> r.eventTime().toEpochMilli()));
        CollectingSink<Rollup> minutes = new CollectingSink<>();
        CollectingSink<Rollup> hours = new CollectingSink<>();
        CollectingSink<Reading> late = new CollectingSink<>();
        new ReadingsJob(null, null, new DiscardingSink<>(), minutes, hours, late).attach(stream);
        env.execute("late readings");

        List<Rollup> firstMinute = minutes.drain().stream().filter(m -> m.bucket().equals(HOUR)).toList();
        assertThat(firstMinute).as("stored when the watermark passed it, then corrected").extracting(Rollup::count).containsExactly(2, 3);
        assertThat(firstMinute.get(1).avg()).isEqualTo(20);

        List<Rollup> hour = hours.drain();
        assertThat(hour).hasSize(1);
        assertThat(hour.get(0).bucket()).isEqualTo(HOUR);
        assertThat(hour.get(0).count()).as("10, 20, 30 in the first minute, 40 and 50 later").isEqualTo(5);
        assertThat(hour.get(0).avg()).isEqualTo(30);
        assertThat(late.drain()).extracting(Reading::value).containsExactly(99.0);
    }

    /** A watermark after every reading (5 s behind the newest, as the job's), so lateness does not depend on a timer. */
    private static final class EveryReading implements WatermarkGenerator<Reading> {
        private long newest = Long.MIN_VALUE + ReadingsJob.MAX_OUT_OF_ORDERNESS.toMillis() + 1;

        @Override
        public void onEvent(Reading reading, long timestamp, WatermarkOutput output) {
            newest = Math.max(newest, timestamp);
            output.emitWatermark(new Watermark(newest - ReadingsJob.MAX_OUT_OF_ORDERNESS.toMillis() - 1));
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
        }
    }
}
