package no.varde.streamjobs.anomaly;

import no.varde.model.Domain;
import no.varde.model.MetricCatalogue;
import no.varde.model.Reading;
import no.varde.model.anomaly.Anomaly;
import no.varde.streamjobs.detect.Assessment;
import no.varde.streamjobs.detect.DetectorSettings;
import no.varde.streamjobs.detect.LimitRules;
import no.varde.streamjobs.detect.Series;
import no.varde.streamjobs.detect.SeriesDetector;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Runs a {@link SeriesDetector} per series (device, metric). Readings older than the newest one
 * already checked are left out of detection (a model learns in order; they are stored all the
 * same and counted in the rollups' late output). A series silent for {@link #FORGET_AFTER_MILLIS}
 * of event time is forgotten: state and timer cleared, so departed devices cost nothing.
 */
public final class SeriesDetection extends KeyedProcessFunction<String, Reading, Anomaly> {
    /** Notable assessments, for the zone composites. */
    public static final OutputTag<Assessment> ASSESSMENTS = new OutputTag<>("assessments", TypeInformation.of(Assessment.class));
    static final long FORGET_AFTER_MILLIS = 7 * 86_400_000L;
    static final String DETECTOR_STATE = "series-detector";
    private static final long DAY_MILLIS = 86_400_000L;

    private final ZoneDirectory zones;
    private final LimitRules rules;
    private final DetectorSettings settings;
    private final TypeSerializer<SeriesDetector> stateSerializer;
    private transient MetricCatalogue catalogue;
    private transient ValueState<SeriesDetector> detector;
    private transient ValueState<Long> newest;

    public SeriesDetection(ZoneDirectory zones, LimitRules rules, DetectorSettings settings) {
        this(zones, rules, settings, new SeriesDetectorSerializer());
    }

    /** With another serializer for the detectors' state: tests and bin/bench-state write state as an earlier build did (Kryo). */
    public SeriesDetection(ZoneDirectory zones, LimitRules rules, DetectorSettings settings, TypeSerializer<SeriesDetector> stateSerializer) {
        this.zones = zones;
        this.rules = rules;
        this.settings = settings;
        this.stateSerializer = stateSerializer;
    }

    @Override
    public void open(OpenContext context) {
        catalogue = MetricCatalogue.standard();
        // Its own serializer, not Kryo: see SeriesDetectorSerializer (a checkpoint written with Kryo still restores).
        detector = getRuntimeContext().getState(new ValueStateDescriptor<>(DETECTOR_STATE, stateSerializer));
        newest = getRuntimeContext().getState(new ValueStateDescriptor<>("newest-checked", Types.LONG));
    }

    @Override
    public void processElement(Reading reading, Context context, Collector<Anomaly> out) throws Exception {
        long millis = reading.eventTime().toEpochMilli();
        Long last = newest.value();
        if (last != null && millis <= last) {
            return;
        }
        SeriesDetector d = detector.value();
        if (d == null) {
            String zone = zones.zoneOf(reading.deviceId());
            Domain domain = catalogue.find(reading.metric()).map(m -> m.domain()).orElse(Domain.WATER);
            Series series = new Series(reading.deviceId(), reading.metric(), reading.unit(), domain, zone);
            d = new SeriesDetector(series, settings, rules.onReadings(reading.metric(), zone));
        } else if (zones.movedSince(d.zoneConfirmedAt(), reading.deviceId(), d.series().zone(), d::zoneConfirmedAt)) {
            // Moved in the registry since its series began (looked up once per registry read: see ZoneDirectory).
            String zone = zones.zoneOf(reading.deviceId());
            d.moveTo(zone, rules.onReadings(reading.metric(), zone), millis, out::collect);
        } else if (!d.rulesChecked()) {
            // Restored from a checkpoint (or copied while one was written): the limits file may have changed since.
            d.useRules(rules.onReadings(reading.metric(), d.series().zone()), millis, out::collect);
        }
        d.accept(millis, reading.value(), out::collect, a -> context.output(ASSESSMENTS, a));
        detector.update(d);
        newest.update(millis);
        // One forget timer per series at a time, moved on when it fires while the series still reports
        // (one per series and day left a week of them pending: see ResendFilter).
        if (last == null) {
            context.timerService().registerEventTimeTimer(forgetAt(millis));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext context, Collector<Anomaly> out) throws Exception {
        Long last = newest.value();
        if (last == null) {
            return;
        }
        if (timestamp >= last + FORGET_AFTER_MILLIS) {
            detector.clear();
            newest.clear();
        } else {
            context.timerService().registerEventTimeTimer(forgetAt(last));
        }
    }

    private static long forgetAt(long newestMillis) {
        return (newestMillis / DAY_MILLIS + 1) * DAY_MILLIS + FORGET_AFTER_MILLIS;
    }
}
