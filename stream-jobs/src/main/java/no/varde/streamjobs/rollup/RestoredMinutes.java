package no.varde.streamjobs.rollup;

import java.util.HashSet;
import java.util.Set;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * Which restored minutes {@link MinuteRollupOperator} already emitted before its checkpoint. The
 * watermark is not in a checkpoint: after a restore it starts from nothing, and the replayed
 * readings of a minute emitted before the checkpoint look on time. The window operator registered
 * the minute's emission timer again at such a reading and then emitted the whole minute into the
 * hour a second time; {@link MinuteRollupOperator} registers a minute's timers once, so it needs
 * to know. A restored minute is still to be emitted exactly when its emission timer was restored
 * with it, so the restored timers answer, per series and minute (after rescaling, series of
 * subtasks whose watermarks differed meet in one).
 *
 * <p>The timers also give a floor for the watermark: a restored minute without an emission timer
 * for any series was emitted, so the watermark had passed it (and had not passed the next minute,
 * if any series had one open). Until the watermark is back there, a reading for a minute whose
 * lateness ended before it is late, as it was before the checkpoint
 * (before, such a reading arriving just after a restore counted as on time, and its minute's row
 * was replaced by a rollup of that one reading).
 *
 * <p>Held only until the watermark passes the last restored timer: by then every restored
 * minute is cleaned up, and every live minute was opened since the restore.
 */
final class RestoredMinutes {
    private final long until;
    private final long floor;
    /** (series, minute start) whose emission was still due at the checkpoint, or that were opened on time since. */
    private final Set<SeriesMinute> due;

    private record SeriesMinute(Object series, long start) {
    }

    private RestoredMinutes(long until, long floor, Set<SeriesMinute> due) {
        this.until = until;
        this.floor = floor;
        this.due = due;
    }

    /** Reads the restored timers; {@code null} when nothing was restored. Sets the operator's current key as it goes. */
    static RestoredMinutes of(InternalTimerService<TimeWindow> timers, java.util.function.Supplier<Object> currentKey) throws Exception {
        long[] last = {Long.MIN_VALUE};
        Set<SeriesMinute> due = new HashSet<>();
        Set<TimeWindow> restored = new HashSet<>();
        Set<TimeWindow> emitting = new HashSet<>();
        timers.forEachEventTimeTimer((minute, at) -> {
            last[0] = Math.max(last[0], at);
            restored.add(minute);
            if (at == minute.maxTimestamp()) {
                due.add(new SeriesMinute(currentKey.get(), minute.getStart()));
                emitting.add(minute);
            }
        });
        if (last[0] == Long.MIN_VALUE) {
            return null;
        }
        long floor = restored.stream().filter(m -> !emitting.contains(m)).mapToLong(TimeWindow::maxTimestamp).max().orElse(Long.MIN_VALUE);
        return new RestoredMinutes(last[0], floor, due);
    }

    /** The watermark to go by: the operator's, or where it was at the checkpoint as far as the timers tell. */
    long watermark(long current) {
        return Math.max(current, floor);
    }

    /** True once the watermark has passed every restored minute: this can be dropped. */
    boolean over(long watermark) {
        return watermark >= until;
    }

    /** A minute of {@code series} opened on time since the restore: its emission is due. */
    void opened(Object series, TimeWindow minute) {
        if (minute.maxTimestamp() < until) {   // a later minute cannot be mistaken for a restored one
            due.add(new SeriesMinute(series, minute.getStart()));
        }
    }

    /** Whether {@code minute}, which {@code series} already has, was emitted before the checkpoint. */
    boolean emitted(Object series, TimeWindow minute) {
        return minute.maxTimestamp() < until && !due.contains(new SeriesMinute(series, minute.getStart()));
    }
}
