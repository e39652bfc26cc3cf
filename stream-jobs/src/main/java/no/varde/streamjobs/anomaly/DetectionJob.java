package no.varde.streamjobs.anomaly;

import java.time.Duration;
import no.varde.model.Reading;
import no.varde.model.anomaly.Anomaly;
import no.varde.streamjobs.SeriesKeys;
import no.varde.streamjobs.detect.Assessment;
import no.varde.streamjobs.detect.DetectorSettings;
import no.varde.streamjobs.detect.LimitRules;
import no.varde.streamjobs.rollup.Rollup;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Anomaly detection, hung off the readings job's streams: the same graph runs in tests, in the
 * one-process platform, in the offline evaluation against the simulator's ground truth and on
 * a Flink cluster.
 * <pre>
 * readings (keyed by series) ─▶ series detectors (limits, statistical, spike, flatline) ─┬─▶ anomalies
 *          │                     └─ notable assessments ─keyBy(zone; water: town)─▶ composites ─┤
 *          └─keyBy(device)─▶ silence (event time + wall-clock backstop) ─────────────┤
 * 1-minute rollups ─keyBy(domain)─▶ drift (each sensor against its metric's others) ─┤
 * 1-hour rollups ─keyBy(series)─▶ averaged limits (1 h, 8 h, day) ───────────────────┘
 * </pre>
 */
public final class DetectionJob {
    /** A device is overdue this long beyond its grace intervals before silence is declared (readings' out-of-orderness). */
    static final Duration SILENCE_ALLOWANCE = Duration.ofSeconds(5);
    /** The composite key of the town's water (zone names are the registry's; this one cannot clash: it has a space). */
    static final String WATER_SCOPE = "town water";
    /**
     * The detectors' outputs (anomaly reports, notable assessments) are a trickle beside the readings,
     * so a network buffer of them never fills: with Flink's default buffer timeout each waited up to
     * 100 ms for the next flush at every hop (a leak's report crosses two), time its alert paid. They
     * are flushed as each record is written instead (measured: docs/capacity.md, 2026-12-07 (night)).
     */
    static final long FLUSH_EVERY_RECORD = 0;

    private final ZoneDirectory zones;
    private final LimitRules rules;
    private final DetectorSettings settings;

    public DetectionJob(ZoneDirectory zones, LimitRules rules, DetectorSettings settings) {
        this.zones = zones;
        this.rules = rules;
        this.settings = settings;
    }

    /** The anomaly reports of {@code readings} (deduplicated) and their 1-minute and 1-hour rollups. */
    public DataStream<Anomaly> detect(KeyedStream<Reading, String> readings, DataStream<Rollup> minutes, DataStream<Rollup> hours) {
        SingleOutputStreamOperator<Anomaly> series = readings
                .process(new SeriesDetection(zones, rules, settings)).name("series detectors").uid("detect-series")
                .setBufferTimeout(FLUSH_EVERY_RECORD);
        DataStream<Anomaly> composites = series.getSideOutput(SeriesDetection.ASSESSMENTS)
                .filter(a -> a.series().zone() != null).name("zoned assessments").uid("detect-zoned")
                .setBufferTimeout(FLUSH_EVERY_RECORD)
                .keyBy(new ZoneKey())
                .process(new ZoneDetection(zones)).name("zone composites").uid("detect-zone")
                .setBufferTimeout(FLUSH_EVERY_RECORD);
        DataStream<Anomaly> silence = readings
                .keyBy(Reading::deviceId)
                .process(new SilenceDetection(zones, SILENCE_ALLOWANCE.toMillis())).name("silence").uid("detect-silence")
                .setBufferTimeout(FLUSH_EVERY_RECORD);
        DataStream<Anomaly> averaged = hours
                .keyBy(new SeriesKeys.OfRollup())
                .process(new AveragedLimitDetection(zones, rules)).name("averaged limits").uid("detect-averaged")
                .setBufferTimeout(FLUSH_EVERY_RECORD);
        DataStream<Anomaly> drift = minutes
                .keyBy(new DriftDetection.DomainKey())
                .transform("drift", TypeInformation.of(Anomaly.class), DriftDetection.operator(zones)).uid("detect-drift")
                .setBufferTimeout(FLUSH_EVERY_RECORD);
        return series.union(composites, silence, averaged, drift);
    }

    /** Adds the detection and its two sinks (database, Kafka). */
    public void build(KeyedStream<Reading, String> readings, DataStream<Rollup> minutes, DataStream<Rollup> hours, Sink<Anomaly> store,
                      Sink<Anomaly> publish) {
        DataStream<Anomaly> anomalies = detect(readings, minutes, hours);
        anomalies.sinkTo(store).name("store anomalies").uid("anomalies-store");
        anomalies.sinkTo(publish).name("publish anomalies").uid("anomalies-publish");
    }

    /** Water assessments of every zone meet under one key; air and traffic ones per zone. */
    public static final class ZoneKey implements org.apache.flink.api.java.functions.KeySelector<Assessment, String> {
        @Override
        public String getKey(Assessment a) {
            return a.series().domain() == no.varde.model.Domain.WATER ? WATER_SCOPE : a.series().zone();
        }
    }
}
