package no.varde.streamjobs.anomaly;

import java.io.IOException;
import java.util.function.Consumer;
import no.varde.model.Domain;
import no.varde.model.MetricCatalogue;
import no.varde.model.anomaly.Anomaly;
import no.varde.streamjobs.detect.DriftDetector;
import no.varde.streamjobs.detect.Series;
import no.varde.streamjobs.rollup.Rollup;
import no.varde.streamjobs.state.LiveKeyedValue;
import no.varde.streamjobs.state.WriteBackOperator;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * A {@link DriftDetector} per domain over the 1-minute rollups: a sensor is compared with every
 * other sensor of its metric in the town, so the key is the domain (its metrics, for the check that
 * a device's other readings did not move). A bucket is judged when the next one starts; an
 * event-time timer two minutes after a bucket judges it when nothing follows (the last bucket
 * before a pause), and once a day series silent for a week are forgotten.
 *
 * <p>State is one detector per domain, about 20 numbers per series, compared across series in every
 * bucket, written in its own layout ({@link DriftDetectorSerializer}). It is kept live between checkpoints and written to Flink's state before each snapshot
 * ({@link LiveKeyedValue}; run it with {@link #operator}): on RocksDB, reading and writing the whole
 * domain per rollup managed under 70 rollups a second at 10,000 series.
 */
public final class DriftDetection extends KeyedProcessFunction<String, Rollup, Anomaly> implements WriteBackOperator.WritesBack<String> {
    private static final long JUDGE_AFTER_MILLIS = 2 * 60_000L;
    private static final long DAY_MILLIS = 86_400_000L;
    private static final long FORGET_AFTER_MILLIS = 7 * DAY_MILLIS;

    private final ZoneDirectory zones;
    private final TypeSerializer<DriftDetector> serializer;
    private transient MetricCatalogue catalogue;
    private transient LiveKeyedValue<String, DriftDetector> detectors;

    public DriftDetection(ZoneDirectory zones) {
        this(zones, new DriftDetectorSerializer());
    }

    /** With another serializer for the detectors' state (tests: an earlier build's Kryo). */
    DriftDetection(ZoneDirectory zones, TypeSerializer<DriftDetector> serializer) {
        this.zones = zones;
        this.serializer = serializer;
    }

    /** The operator that runs it, writing the live detectors to state before each snapshot. */
    public static WriteBackOperator<String, Rollup, Anomaly> operator(ZoneDirectory zones) {
        return new WriteBackOperator<>(new DriftDetection(zones));
    }

    /** Rollups by the domain of their metric. */
    public static final class DomainKey implements KeySelector<Rollup, String> {
        private transient MetricCatalogue catalogue;

        @Override
        public String getKey(Rollup r) {
            if (catalogue == null) {
                catalogue = MetricCatalogue.standard();
            }
            return domainOf(catalogue, r.metric()).name();
        }
    }

    static Domain domainOf(MetricCatalogue catalogue, String metric) {
        return catalogue.find(metric).map(m -> m.domain()).orElse(Domain.WATER);
    }

    @Override
    public void open(OpenContext context) {
        catalogue = MetricCatalogue.standard();
        detectors = new LiveKeyedValue<>(getRuntimeContext(), new ValueStateDescriptor<>("drift-detector", serializer));
    }

    @Override
    public void writeBack(Consumer<String> makeCurrent, boolean copy) throws IOException {
        detectors.writeBack(makeCurrent, copy);
    }

    @Override
    public void processElement(Rollup rollup, Context context, Collector<Anomaly> out) throws Exception {
        String domain = context.getCurrentKey();
        DriftDetector d = detectors.get(domain);
        if (d == null) {
            d = new DriftDetector();
        }
        Series series = new Series(rollup.deviceId(), rollup.metric(), catalogue.find(rollup.metric()).map(m -> m.unit()).orElse(""),
                domainOf(catalogue, rollup.metric()), zones.zoneOf(rollup.deviceId()));
        long bucket = rollup.bucket().toEpochMilli();
        d.accept(series, zones.knows(rollup.deviceId()), bucket, rollup.avg(), out::collect);
        detectors.changed(domain, d);
        context.timerService().registerEventTimeTimer(bucket + JUDGE_AFTER_MILLIS);
        context.timerService().registerEventTimeTimer((bucket / DAY_MILLIS + 1) * DAY_MILLIS);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext context, Collector<Anomaly> out) throws Exception {
        String domain = context.getCurrentKey();
        DriftDetector d = detectors.get(domain);
        if (d == null) {
            return;
        }
        if (timestamp % DAY_MILLIS == 0) {
            d.forget(timestamp - FORGET_AFTER_MILLIS, out::collect);
        } else {
            d.flush(out::collect);
        }
        if (d.size() == 0) {
            detectors.remove(domain);
        } else {
            detectors.changed(domain, d);
            if (timestamp % DAY_MILLIS == 0) {
                context.timerService().registerEventTimeTimer(timestamp + DAY_MILLIS); // until the silent are forgotten
            }
        }
    }
}
