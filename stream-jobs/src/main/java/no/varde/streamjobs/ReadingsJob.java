package no.varde.streamjobs;

import java.time.Duration;
import no.varde.model.Reading;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import no.varde.streamjobs.rollup.WindowBucket;
import no.varde.streamjobs.rollup.MinuteRollupOperator;
import no.varde.streamjobs.rollup.ResendFilter;
import no.varde.streamjobs.rollup.Rollup;
import no.varde.streamjobs.rollup.RollupMerge;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;
import no.varde.streamjobs.anomaly.DetectionJob;
import no.varde.streamjobs.detect.DetectorSettings;
import no.varde.streamjobs.detect.LimitRules;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Readings from Kafka into storage, in event time. The graph is built from an injected source
 * and sink, so the same graph runs in tests, in the one-process platform (a local MiniCluster)
 * and on a Flink cluster ({@link #main}). Resent readings are dropped before the 1-minute and
 * 1-hour rollups; readings too late for their minute go to {@link #LATE} and are stored in
 * {@code late_readings}; a record that is not a reading is kept in {@code undecodable_records}
 * ({@link SetAsideUndecodable}). Anomaly detection ({@link DetectionJob}) hangs off the returned streams.
 */
public final class ReadingsJob {
    public static final String NAME = "varde-readings";
    /** How late a reading may arrive relative to the newest one and still count as in order. */
    static final Duration MAX_OUT_OF_ORDERNESS = Duration.ofSeconds(5);
    /** A partition that has been silent this long no longer holds the watermark back. */
    static final Duration IDLENESS = Duration.ofMinutes(1);

    /** Late readings still update their minute (and hour) within this time; later ones only reach `readings`. */
    static final Duration ALLOWED_LATENESS = Duration.ofMinutes(10);

    private final Source<Decoded<Reading>, ?, ?> source;
    private final Sink<UndecodableRecord> undecodableSink;
    private final Sink<Reading> sink;
    private final Sink<Rollup> minuteSink;
    private final Sink<Rollup> hourSink;
    private final Sink<Reading> lateSink;

    /** Readings too late for their minute's rollup (they are in {@code readings} all the same). */
    public static final OutputTag<Reading> LATE = new OutputTag<>("late-readings", TypeInformation.of(Reading.class));

    /**
     * The streams other jobs hang off: readings without resends (still partitioned by series, so a
     * series-keyed operator downstream chains to the resend filter instead of shuffling again),
     * 1-minute and 1-hour rollups.
     */
    public record Streams(KeyedStream<Reading, String> readings, DataStream<Rollup> minutes, DataStream<Rollup> hours) {
    }

    public ReadingsJob(Source<Decoded<Reading>, ?, ?> source, Sink<UndecodableRecord> undecodableSink, Sink<Reading> sink,
                       Sink<Rollup> minuteSink, Sink<Rollup> hourSink, Sink<Reading> lateSink) {
        this.source = source;
        this.undecodableSink = undecodableSink;
        this.sink = sink;
        this.minuteSink = minuteSink;
        this.hourSink = hourSink;
        this.lateSink = lateSink;
    }

    public static WatermarkStrategy<Reading> watermarks() {
        return inEventTime((reading, previous) -> reading.eventTime().toEpochMilli());
    }

    /** {@link #watermarks()} at the source, where an undecodable record has no event time and moves nothing. */
    static WatermarkStrategy<Decoded<Reading>> sourceWatermarks() {
        return inEventTime((record, previous) -> record.value() == null ? Long.MIN_VALUE : record.value().eventTime().toEpochMilli());
    }

    private static <T> WatermarkStrategy<T> inEventTime(SerializableTimestampAssigner<T> eventTime) {
        return WatermarkStrategy.<T>forBoundedOutOfOrderness(MAX_OUT_OF_ORDERNESS).withTimestampAssigner(eventTime).withIdleness(IDLENESS);
    }

    /** Adds this job's operators to {@code env}; returns the streams detection uses. */
    public Streams build(StreamExecutionEnvironment env, Duration checkpointInterval) {
        env.enableCheckpointing(checkpointInterval.toMillis(), CheckpointingMode.EXACTLY_ONCE);
        // Snapshots written through Snappy: the heap backend restores an uncompressed snapshot with one
        // read call per field on an unbuffered file stream (100,000 devices took six minutes to restore),
        // and compression reads it in blocks. Measured with bin/bench-state: restore 70-90 times faster,
        // checkpoints 1.5-8 times smaller (docs/capacity.md). Older, uncompressed
        // checkpoints still restore: each snapshot records whether it is compressed.
        env.getConfig().setUseSnapshotCompression(true);
        // A checkpoint that outlasts the interval is not followed at once by the next: at 100,000 devices a
        // full heap snapshot took 18-33 s, so one was always running, a core writing state and the heap
        // holding a copy of every entry touched meanwhile (copy-on-write). With a pause as long as the
        // interval, the job works undisturbed at least half the time; small states see no difference.
        env.getCheckpointConfig().setMinPauseBetweenCheckpoints(checkpointInterval.toMillis());
        // Chained operators hand a record on as it is instead of a serialiser's copy of it for each: every
        // record that flows here (Reading, Rollup, Assessment, Anomaly) is an immutable Java record, and
        // no function keeps or changes one it was given. Measured: see docs/capacity.md.
        env.getConfig().enableObjectReuse();
        SingleOutputStreamOperator<Reading> readings = env
                .fromSource(source, sourceWatermarks(), "readings from Kafka").uid("readings-source")
                .process(new SetAsideUndecodable<Reading>(), TypeInformation.of(Reading.class))
                .name("set aside undecodable records").uid("readings-decoded");
        readings.getSideOutput(SetAsideUndecodable.UNDECODABLE).sinkTo(undecodableSink)
                .name("store undecodable records").uid("readings-undecodable-store");
        return attach(readings);
    }

    /** The job's operators on a readings stream that already has timestamps and watermarks (the offline evaluation's). */
    public Streams attach(DataStream<Reading> readings) {
        readings.sinkTo(sink).name("store readings").uid("readings-store");

        // The filter's output keeps the series partitioning (same key, same key groups), so the rollups
        // and the series detectors read it as keyed without a second shuffle: they run chained in the
        // filter's thread, and a reading is serialised once on its way through (measured: see
        // docs/capacity.md).
        KeyedStream<Reading, String> deduplicated = DataStreamUtils.reinterpretAsKeyedStream(readings
                .keyBy(new SeriesKeys.OfReading())
                .process(new ResendFilter()).name("drop resent readings").uid("resend-filter"), new SeriesKeys.OfReading());
        // Minutes in an operator of Varde's own (timers once per series and minute, corrections passed to the
        // hours as what they add); it keeps the window operator's uid and state, so checkpoints of it restore.
        SingleOutputStreamOperator<Rollup> minutes = deduplicated
                .transform("1-minute rollups", TypeInformation.of(Rollup.class), new MinuteRollupOperator(ALLOWED_LATENESS.toMillis(), LATE))
                .uid("rollup-1m");
        minutes.sinkTo(minuteSink).name("store 1-minute rollups").uid("rollup-1m-store");
        minutes.getSideOutput(LATE).sinkTo(lateSink).name("store late readings").uid("late-readings-store");
        DataStream<Rollup> hours = minutes.getSideOutput(MinuteRollupOperator.INCREMENTS).keyBy(new SeriesKeys.OfRollup())
                .window(TumblingEventTimeWindows.of(Duration.ofHours(1)))
                .allowedLateness(ALLOWED_LATENESS)
                .aggregate(new RollupMerge(), new WindowBucket()).name("1-hour rollups").uid("rollup-1h");
        hours.sinkTo(hourSink).name("store 1-hour rollups").uid("rollup-1h-store");
        return new Streams(deduplicated, minutes, hours);
    }

    /**
     * Entry point for {@code flink run}: readings and dead letters, in one job; settings come from
     * the environment (see {@link StreamJobsConfig}).
     */
    public static void main(String[] args) throws Exception {
        StreamJobsConfig config = StreamJobsConfig.fromSettings(System.getenv());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        buildAll(env, config, LimitRules.configured(System.getenv()));
        env.execute(NAME);
    }

    /** Everything the stream jobs do, on production sources and sinks: readings, rollups, anomalies, dead letters. */
    public static void buildAll(StreamExecutionEnvironment env, StreamJobsConfig config, LimitRules rules) {
        Streams streams = new ReadingsJob(Connectors.readingsSource(config), Connectors.undecodableRecordsSink(config), Connectors.readingsSink(config),
                Connectors.rollupSink(config, "readings_1m"), Connectors.rollupSink(config, "readings_1h"),
                Connectors.lateReadingsSink(config)).build(env, config.checkpointInterval());
        new DetectionJob(Connectors.zoneDirectory(config), rules, DetectorSettings.defaults())
                .build(streams.readings(), streams.minutes(), streams.hours(), Connectors.anomaliesStore(config), Connectors.anomaliesPublish(config));
        new DeadLettersJob(Connectors.deadLettersSource(config), Connectors.deadLettersSink(config),
                Connectors.undecodableRecordsSink(config)).build(env);
    }
}
