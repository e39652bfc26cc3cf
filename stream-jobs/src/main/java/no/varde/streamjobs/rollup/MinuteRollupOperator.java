package no.varde.streamjobs.rollup;

import java.time.Instant;
import no.varde.model.Reading;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.state.AggregatingStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.internal.InternalAggregatingState;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * One series' readings into 1-minute rollups, in event time: a minute is emitted when the
 * watermark passes it; a reading that arrives later, within the allowed lateness, updates it and
 * emits it again, corrected; a reading later than that goes to the late output. This is what
 * Flink's tumbling event-time window with allowed lateness does, in the same state (names,
 * namespaces and serializers are the window's, so a checkpoint written by the window restores
 * here), with two differences:
 *
 * <ul>
 *   <li>A minute's timers are registered once, when its first reading arrives. The window
 *   registered its trigger and clean-up timers at every reading (a hash-set insertion each that
 *   found the timer already there). {@code bin/bench-readings-graph}: about 1.25 times the readings
 *   graph's throughput; on the whole platform at 10,000 readings/s, inside the noise
 *   (docs/capacity.md).</li>
 *   <li>Besides the whole corrected minute (for the 1-minute table, which replaces the row, and for
 *   drift detection), what a correction adds goes to {@link #INCREMENTS}, the 1-hour rollups' input:
 *   fed the whole minute again, the hour counted the minute's earlier readings twice.</li>
 * </ul>
 */
public final class MinuteRollupOperator extends AbstractStreamOperator<Rollup>
        implements OneInputStreamOperator<Reading, Rollup>, Triggerable<String, TimeWindow> {
    static final long MINUTE_MILLIS = 60_000L;
    /** Each minute once as first emitted, then each reading that corrected it as a rollup of its own: merged, they make the hour. */
    public static final OutputTag<Rollup> INCREMENTS = new OutputTag<>("minute-increments", TypeInformation.of(Rollup.class));

    // The names Flink's window operator gives its state and timers: a checkpoint of it restores here.
    private static final String CONTENTS = "window-contents";
    private static final String TIMERS = "window-timers";

    private final long allowedLateness;
    private final OutputTag<Reading> lateOutput;
    private final NotingRollup rollup = new NotingRollup();

    private transient InternalAggregatingState<String, TimeWindow, Reading, Rollup, Rollup> minutes;
    private transient InternalTimerService<TimeWindow> timers;
    private transient Counter lateReadings;
    /** Until the watermark passes what was restored: which restored minutes were emitted before the checkpoint. */
    private transient RestoredMinutes restored;

    public MinuteRollupOperator(long allowedLatenessMillis, OutputTag<Reading> lateOutput) {
        if (allowedLatenessMillis <= 0) {
            throw new IllegalArgumentException("the allowed lateness must be positive (a minute's clean-up comes after its emission)");
        }
        this.allowedLateness = allowedLatenessMillis;
        this.lateOutput = lateOutput;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void open() throws Exception {
        super.open();
        AggregatingStateDescriptor<Reading, Rollup, Rollup> contents = new AggregatingStateDescriptor<>(CONTENTS, rollup,
                TypeInformation.of(Rollup.class).createSerializer(getExecutionConfig().getSerializerConfig()));
        minutes = (InternalAggregatingState<String, TimeWindow, Reading, Rollup, Rollup>) getOrCreateKeyedState(new TimeWindow.Serializer(), contents);
        timers = getInternalTimerService(TIMERS, new TimeWindow.Serializer(), this);
        lateReadings = getMetricGroup().counter("lateReadings");
        restored = RestoredMinutes.of(timers, this::getCurrentKey);
    }

    @Override
    public void processElement(StreamRecord<Reading> element) throws Exception {
        long at = element.getTimestamp();
        long start = at - Math.floorMod(at, MINUTE_MILLIS);
        TimeWindow minute = new TimeWindow(start, start + MINUTE_MILLIS);
        long watermark = timers.currentWatermark();
        if (restored != null && restored.over(watermark)) {
            restored = null;
        }
        if (restored != null) {
            watermark = restored.watermark(watermark);
        }
        if (cleanupTime(minute) <= watermark) {
            lateReadings.inc();
            output.collect(lateOutput, element);
            return;
        }
        minutes.setCurrentNamespace(minute);
        minutes.add(element.getValue());
        boolean opened = rollup.opened;
        boolean emitted = minute.maxTimestamp() <= watermark || (!opened && restored != null && restored.emitted(getCurrentKey(), minute));
        if (opened) {
            // A minute's first reading: its emission (unless already due) and its clean-up.
            if (!emitted) {
                timers.registerEventTimeTimer(minute, minute.maxTimestamp());
                if (restored != null) {
                    restored.opened(getCurrentKey(), minute);
                }
            }
            timers.registerEventTimeTimer(minute, cleanupTime(minute));
        }
        if (emitted) {
            // Late but allowed: the minute again, corrected, and what this reading adds to its hour.
            emit(minute, minutes.get());
            output.collect(INCREMENTS, new StreamRecord<>(ReadingRollup.of(element.getValue()).inBucket(Instant.ofEpochMilli(start)),
                    minute.maxTimestamp()));
        }
    }

    @Override
    public void onEventTime(InternalTimer<String, TimeWindow> timer) throws Exception {
        TimeWindow minute = timer.getNamespace();
        minutes.setCurrentNamespace(minute);
        if (timer.getTimestamp() == minute.maxTimestamp()) {
            Rollup whole = emit(minute, minutes.get());
            if (whole != null) {
                output.collect(INCREMENTS, new StreamRecord<>(whole, minute.maxTimestamp()));
            }
        }
        if (timer.getTimestamp() == cleanupTime(minute)) {
            minutes.clear();
        }
    }

    @Override
    public void onProcessingTime(InternalTimer<String, TimeWindow> timer) {
        // No processing-time timers: minutes close in event time only.
    }

    private Rollup emit(TimeWindow minute, Rollup contents) {
        if (contents == null) {
            return null;
        }
        Rollup whole = contents.inBucket(Instant.ofEpochMilli(minute.getStart()));
        output.collect(new StreamRecord<>(whole, minute.maxTimestamp()));
        return whole;
    }

    private long cleanupTime(TimeWindow minute) {
        return minute.maxTimestamp() + allowedLateness;
    }

    /**
     * {@link ReadingRollup} that notes whether its last {@code add} opened a minute (found no
     * rollup yet), so the operator knows a new minute from the state update it makes anyway
     * instead of reading the state once more.
     */
    static final class NotingRollup implements AggregateFunction<Reading, Rollup, Rollup> {
        private final ReadingRollup rollup = new ReadingRollup();
        transient boolean opened;

        @Override
        public Rollup createAccumulator() {
            return rollup.createAccumulator();
        }

        @Override
        public Rollup add(Reading reading, Rollup minute) {
            opened = minute == null;
            return rollup.add(reading, minute);
        }

        @Override
        public Rollup getResult(Rollup minute) {
            return rollup.getResult(minute);
        }

        @Override
        public Rollup merge(Rollup a, Rollup b) {
            return rollup.merge(a, b);
        }
    }
}
