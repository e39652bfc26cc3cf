package no.varde.streamjobs.rollup;

import no.varde.model.Reading;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Drops a reading whose series already had one with the same event time among its last
 * {@value #REMEMBERED}: a device that resends after a lost PUBACK puts the same reading on Kafka
 * twice, and the rollups must agree with the deduplicated {@code readings} table. Resends follow
 * their original closely, so a short memory per series is enough and state stays small. A series
 * silent for {@link #FORGET_AFTER_MILLIS} of event time is forgotten (state and timer cleared).
 */
public final class ResendFilter extends KeyedProcessFunction<String, Reading, Reading> {
    static final int REMEMBERED = 32;
    static final long FORGET_AFTER_MILLIS = 3_600_000L;

    private transient ValueState<long[]> recent;
    private transient ValueState<Long> newest;

    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext context) {
        recent = getRuntimeContext().getState(new ValueStateDescriptor<>("recent-event-times", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        newest = getRuntimeContext().getState(new ValueStateDescriptor<>("newest-event-time", Types.LONG));
    }

    @Override
    public void processElement(Reading reading, Context context, Collector<Reading> out) throws Exception {
        long micros = reading.eventTime().getEpochSecond() * 1_000_000L + reading.eventTime().getNano() / 1_000;
        long[] ring = recent.value();
        if (ring == null) {
            ring = new long[REMEMBERED + 1];
            java.util.Arrays.fill(ring, Long.MIN_VALUE);
            ring[REMEMBERED] = 0;
        }
        for (int i = 0; i < REMEMBERED; i++) {
            if (ring[i] == micros) {
                return;
            }
        }
        // The last slot is the write position of the ring.
        int at = (int) ring[REMEMBERED];
        ring[at] = micros;
        ring[REMEMBERED] = (at + 1) % REMEMBERED;
        recent.update(ring);
        long eventMillis = reading.eventTime().toEpochMilli();
        Long known = newest.value();
        if (known == null || eventMillis > known) {
            newest.update(eventMillis);
            // One timer per series and minute: registered only when the newest reading enters a new
            // minute (registering for every reading cost a timer-set lookup each, seen in JFR at 20k msg/s).
            if (known == null || eventMillis / 60_000 > known / 60_000) {
                context.timerService().registerEventTimeTimer((eventMillis / 60_000 + 1) * 60_000 + FORGET_AFTER_MILLIS);
            }
        }
        out.collect(reading);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext context, Collector<Reading> out) throws Exception {
        Long known = newest.value();
        if (known != null && timestamp >= known + FORGET_AFTER_MILLIS) {
            recent.clear();
            newest.clear();
        }
    }
}
