package no.varde.streamjobs;

import java.time.Duration;
import no.varde.model.Reading;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import no.varde.streamjobs.rollup.WindowBucket;
import no.varde.streamjobs.rollup.ReadingRollup;
import no.varde.streamjobs.rollup.ResendFilter;
import no.varde.streamjobs.rollup.Rollup;
import no.varde.streamjobs.rollup.RollupMerge;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Readings from Kafka into storage, in event time. The graph is built from an injected source
 * and sink, so the same graph runs in tests, in the one-process platform (a local MiniCluster)
 * and on a Flink cluster ({@link #main}). Anomaly detection and rollups will hang off the same
 * stream.
 */
public final class ReadingsJob {
    public static final String NAME = "varde-readings";
    /** How late a reading may arrive relative to the newest one and still count as in order. */
    static final Duration MAX_OUT_OF_ORDERNESS = Duration.ofSeconds(5);
    /** A partition that has been silent this long no longer holds the watermark back. */
    static final Duration IDLENESS = Duration.ofMinutes(1);

    /** Late readings still update their minute (and hour) within this time; later ones only reach `readings`. */
    static final Duration ALLOWED_LATENESS = Duration.ofMinutes(10);

    private final Source<Reading, ?, ?> source;
    private final Sink<Reading> sink;
    private final Sink<Rollup> minuteSink;
    private final Sink<Rollup> hourSink;

    public ReadingsJob(Source<Reading, ?, ?> source, Sink<Reading> sink, Sink<Rollup> minuteSink, Sink<Rollup> hourSink) {
        this.source = source;
        this.sink = sink;
        this.minuteSink = minuteSink;
        this.hourSink = hourSink;
    }

    public static WatermarkStrategy<Reading> watermarks() {
        return WatermarkStrategy.<Reading>forBoundedOutOfOrderness(MAX_OUT_OF_ORDERNESS)
                .withTimestampAssigner((reading, previous) -> reading.eventTime().toEpochMilli())
                .withIdleness(IDLENESS);
    }

    /** Adds this job's operators to {@code env}. */
    public void build(StreamExecutionEnvironment env, Duration checkpointInterval) {
        env.enableCheckpointing(checkpointInterval.toMillis(), CheckpointingMode.EXACTLY_ONCE);
        DataStream<Reading> readings = env.fromSource(source, watermarks(), "readings from Kafka").uid("readings-source");
        readings.sinkTo(sink).name("store readings").uid("readings-store");

        DataStream<Rollup> minutes = readings
                .keyBy(new SeriesKeys.OfReading())
                .process(new ResendFilter()).name("drop resent readings").uid("resend-filter")
                .keyBy(new SeriesKeys.OfReading())
                .window(TumblingEventTimeWindows.of(Duration.ofMinutes(1)))
                .allowedLateness(ALLOWED_LATENESS)
                .aggregate(new ReadingRollup(), new WindowBucket()).name("1-minute rollups").uid("rollup-1m");
        minutes.sinkTo(minuteSink).name("store 1-minute rollups").uid("rollup-1m-store");
        minutes.keyBy(new SeriesKeys.OfRollup())
                .window(TumblingEventTimeWindows.of(Duration.ofHours(1)))
                .allowedLateness(ALLOWED_LATENESS)
                .aggregate(new RollupMerge(), new WindowBucket()).name("1-hour rollups").uid("rollup-1h")
                .sinkTo(hourSink).name("store 1-hour rollups").uid("rollup-1h-store");
    }

    /**
     * Entry point for {@code flink run}: readings and dead letters, in one job; settings come from
     * the environment (see {@link StreamJobsConfig}).
     */
    public static void main(String[] args) throws Exception {
        StreamJobsConfig config = StreamJobsConfig.fromSettings(System.getenv());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        new ReadingsJob(Connectors.readingsSource(config), Connectors.readingsSink(config),
                Connectors.rollupSink(config, "readings_1m"), Connectors.rollupSink(config, "readings_1h"))
                .build(env, config.checkpointInterval());
        new DeadLettersJob(Connectors.deadLettersSource(config), Connectors.deadLettersSink(config)).build(env);
        env.execute(NAME);
    }
}
