package no.varde.streamjobs.anomaly;

import no.varde.model.Domain;
import no.varde.model.MetricCatalogue;
import no.varde.model.Reading;
import no.varde.model.anomaly.Anomaly;
import no.varde.streamjobs.detect.SilenceWatch;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * A {@link SilenceWatch} per device, woken by two clocks. Event time (the watermark) declares a
 * device silent while others keep reporting, and gives the same answer on a replay. Processing
 * time is the backstop for when every device falls silent (the watermark then stands still):
 * if no reading has arrived for {@link #WALL_CLOCK_FACTOR} times the device's deadline in wall
 * time, event time is presumed to have moved on as far as the wall clock has.
 */
public final class SilenceDetection extends KeyedProcessFunction<String, Reading, Anomaly> {
    static final long FORGET_AFTER_MILLIS = 7 * 86_400_000L;
    static final int WALL_CLOCK_FACTOR = 2;

    private final long allowanceMillis;
    private transient MetricCatalogue catalogue;
    private transient ValueState<SilenceWatch> watch;
    /** {event millis, wall millis, wall timer, event timer}: one lookup per reading for all four. */
    private transient ValueState<long[]> lastSeen;
    /** The earlier layout's separate states: only cleared, so a checkpoint from before sheds them. */
    private transient ValueState<Long> formerTimer;
    private transient ValueState<long[]> formerLastSeen;
    private final ZoneDirectory zones;

    public SilenceDetection(ZoneDirectory zones, long allowanceMillis) {
        this.zones = zones;
        this.allowanceMillis = allowanceMillis;
    }

    @Override
    public void open(OpenContext context) {
        catalogue = MetricCatalogue.standard();
        watch = getRuntimeContext().getState(new ValueStateDescriptor<>("silence-watch", TypeInformation.of(SilenceWatch.class)));
        lastSeen = getRuntimeContext().getState(new ValueStateDescriptor<>("silence-clock", long[].class));
        formerTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("silence-timer", Types.LONG));
        formerLastSeen = getRuntimeContext().getState(new ValueStateDescriptor<>("last-seen", long[].class));
    }

    @Override
    public void processElement(Reading reading, Context context, Collector<Anomaly> out) throws Exception {
        SilenceWatch w = watch.value();
        if (w == null) {
            Domain domain = catalogue.find(reading.metric()).map(m -> m.domain()).orElse(Domain.WATER);
            w = new SilenceWatch(reading.deviceId(), domain, zones.zoneOf(reading.deviceId()), allowanceMillis);
        } else if (zones.movedSince(w.zoneConfirmedAt(), reading.deviceId(), w.zone(), w::zoneConfirmedAt)) {
            w.moveTo(zones.zoneOf(reading.deviceId())); // moved in the registry since this device was first seen
        }
        long millis = reading.eventTime().toEpochMilli();
        w.onReading(reading.metric(), millis, out::collect);
        watch.update(w);
        long[] seen = lastSeen.value();
        long wall = context.timerService().currentProcessingTime();
        if (seen == null) {
            seen = new long[] {millis, wall, 0, 0};
            // First reading of this device under this layout (a new device, or the first after an upgrade):
            // the earlier layout's states go, once, here rather than on every timer.
            formerTimer.clear();
            formerLastSeen.clear();
        }
        seen[0] = Math.max(seen[0], millis);
        seen[1] = wall;
        long deadline = w.nextDeadline();
        if (deadline != Long.MAX_VALUE) {
            // One event-time timer at a time: when it fires early (the device reported since), it is moved on;
            // when a sooner deadline appears (a device back from a silence), a sooner timer is added.
            if (seen[3] == 0 || deadline < seen[3]) {
                context.timerService().registerEventTimeTimer(deadline);
                seen[3] = deadline;
            }
            long wallDeadline = wall + WALL_CLOCK_FACTOR * (deadline - millis);
            if (seen[2] == 0 || seen[2] < wall) {
                context.timerService().registerProcessingTimeTimer(wallDeadline);
                seen[2] = wallDeadline;
            }
        }
        lastSeen.update(seen);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext context, Collector<Anomaly> out) throws Exception {
        SilenceWatch w = watch.value();
        long[] seen = lastSeen.value();
        if (seen == null) {
            seen = fromEarlierLayout();   // a device silent since an upgrade
        }
        if (w == null || seen == null) {
            return;
        }
        long now;
        if (context.timeDomain() == org.apache.flink.streaming.api.TimeDomain.EVENT_TIME) {
            seen[3] = 0;
            lastSeen.update(seen);
            now = timestamp;
            if (now >= seen[0] + FORGET_AFTER_MILLIS) {
                watch.clear();
                lastSeen.clear();
                return;
            }
        } else {
            seen[2] = 0;
            lastSeen.update(seen);
            long wallSilence = timestamp - seen[1];
            if (wallSilence <= 0 || context.timerService().currentWatermark() > seen[0]) {
                return; // readings still arrive, or event time is moving: the event-time timer decides
            }
            now = seen[0] + wallSilence / WALL_CLOCK_FACTOR * WALL_CLOCK_FACTOR;
        }
        w.onTime(now, out::collect);
        watch.update(w);
        long next = w.nextDeadline();
        long forget = seen[0] + FORGET_AFTER_MILLIS;
        if (context.timeDomain() == org.apache.flink.streaming.api.TimeDomain.EVENT_TIME) {
            long at = Math.min(next == Long.MAX_VALUE ? forget : next, forget);
            context.timerService().registerEventTimeTimer(Math.max(at, timestamp + 1));
            seen[3] = Math.max(at, timestamp + 1);
            lastSeen.update(seen);
        }
    }

    /** The clocks a checkpoint of the earlier layout kept in separate states, moved into this one's; null when none. */
    private long[] fromEarlierLayout() throws java.io.IOException {
        long[] former = formerLastSeen.value();
        if (former == null) {
            return null;
        }
        long[] seen = {former[0], former[1], former[2], 0};
        formerTimer.clear();
        formerLastSeen.clear();
        lastSeen.update(seen);
        return seen;
    }
}
