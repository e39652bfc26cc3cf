package no.varde.streamjobs.rollup;

import no.varde.model.Reading;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Drops a reading its series already had (same event time): a device that resends after a lost
 * PUBACK puts the same reading on Kafka twice, and the rollups must agree with the deduplicated
 * {@code readings} table. What a series remembers is {@link SeenReadings}: every reading of the
 * last two minutes of arrival, so a device that sent hundreds of readings while its PUBACKs were
 * held up (a Kafka broker restarting) is deduplicated when it resends them all, and at least its
 * 32 newest. A series silent for {@link #FORGET_AFTER_MILLIS} of event time is forgotten (state
 * and timer cleared).
 */
public final class ResendFilter extends KeyedProcessFunction<String, Reading, Reading> {
    static final long FORGET_AFTER_MILLIS = 3_600_000L;

    /** Holds the newest event time too (one state lookup per reading instead of two). */
    private transient ValueState<long[]> seen;
    /** The earlier layout's second state: only cleared, when a series first meets this layout. */
    private transient ValueState<Long> formerNewest;

    /** How the memory is written into checkpoints: {@link SeenReadingsSerializer}, or in tests an earlier build's. */
    private final TypeSerializer<long[]> serializer;

    public ResendFilter() {
        this(new SeenReadingsSerializer());
    }

    ResendFilter(TypeSerializer<long[]> serializer) {
        this.serializer = serializer;
    }

    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext context) {
        seen = getRuntimeContext().getState(new ValueStateDescriptor<>("seen-readings", serializer));
        formerNewest = getRuntimeContext().getState(new ValueStateDescriptor<>("newest-event-time", Types.LONG));
    }

    @Override
    public void processElement(Reading reading, Context context, Collector<Reading> out) throws Exception {
        long micros = reading.eventTime().getEpochSecond() * 1_000_000L + reading.eventTime().getNano() / 1_000;
        long[] stored = seen.value();
        long[] remembered = SeenReadings.of(stored);
        if (remembered != stored) {
            formerNewest.clear();   // new to this layout (a new series, or the first reading after an upgrade): once, not per timer
        }
        if (SeenReadings.contains(remembered, micros)) {
            return;
        }
        long known = SeenReadings.newestMillis(remembered);
        remembered = SeenReadings.add(remembered, micros, context.timerService().currentProcessingTime());
        seen.update(remembered);
        // One forget timer per series at a time: set with the series' first reading, moved on when it fires
        // while the series still reports. (A timer per series and minute of readings left an hour of them,
        // 60 per series, pending on the heap and written into every checkpoint: bin/bench-state.)
        if (known == Long.MIN_VALUE) {
            context.timerService().registerEventTimeTimer(forgetAt(reading.eventTime().toEpochMilli()));
        }
        out.collect(reading);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext context, Collector<Reading> out) throws Exception {
        long[] remembered = seen.value();
        if (remembered == null) {
            return;
        }
        long newest = SeenReadings.newestMillis(SeenReadings.of(remembered));
        if (timestamp >= newest + FORGET_AFTER_MILLIS) {
            seen.clear();
            formerNewest.clear();
        } else {
            // Timers of an earlier build (one per minute) land here too and all move to the same time,
            // where Flink keeps one of them.
            context.timerService().registerEventTimeTimer(forgetAt(newest));
        }
    }

    /** When a series whose newest reading is at {@code newestMillis} is due to be forgotten (whole minutes, so timers coincide). */
    private static long forgetAt(long newestMillis) {
        return (newestMillis / 60_000 + 1) * 60_000 + FORGET_AFTER_MILLIS;
    }
}
