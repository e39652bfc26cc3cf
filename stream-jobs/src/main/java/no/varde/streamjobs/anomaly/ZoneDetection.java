package no.varde.streamjobs.anomaly;

import no.varde.model.anomaly.Anomaly;
import no.varde.streamjobs.detect.Assessment;
import no.varde.streamjobs.detect.ZoneDetector;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * A {@link ZoneDetector} per zone for air and traffic, and one for the town's water (a leak is
 * told from a town-wide surge by comparing zones); an event-time timer closes what shows no more
 * signs, and a zone is forgotten when nothing is left.
 */
public final class ZoneDetection extends KeyedProcessFunction<String, Assessment, Anomaly> {
    private final ZoneDirectory zones;
    private transient ValueState<ZoneDetector> detector;

    public ZoneDetection(ZoneDirectory zones) {
        this.zones = zones;
    }

    @Override
    public void open(OpenContext context) {
        detector = getRuntimeContext().getState(new ValueStateDescriptor<>("zone-detector", TypeInformation.of(ZoneDetector.class)));
    }

    @Override
    public void processElement(Assessment assessment, Context context, Collector<Anomaly> out) throws Exception {
        ZoneDetector d = detector.value();
        if (d == null) {
            String key = context.getCurrentKey();
            d = new ZoneDetector(key.equals(DetectionJob.WATER_SCOPE) ? 0 : zones.airStationsIn(key));
        }
        d.accept(assessment, out::collect);
        save(d, context.timerService());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext context, Collector<Anomaly> out) throws Exception {
        ZoneDetector d = detector.value();
        if (d == null) {
            return;
        }
        d.closeQuiet(timestamp, out::collect);
        save(d, context.timerService());
    }

    private void save(ZoneDetector d, org.apache.flink.streaming.api.TimerService timers) throws Exception {
        if (d.isEmpty()) {
            detector.clear();
            return;
        }
        detector.update(d);
        long next = d.nextCloseTime();
        if (next != Long.MAX_VALUE) {
            timers.registerEventTimeTimer(next);
        }
    }
}
