package no.varde.streamjobs;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Dead letters from {@code varde.rejected} into {@code rejected_messages}, so that people can
 * inspect refused data with SQL. Built from an injected source and sink like {@link ReadingsJob},
 * and added to the same Flink job.
 */
public final class DeadLettersJob {
    private final Source<DeadLetterRow, ?, ?> source;
    private final Sink<DeadLetterRow> sink;

    public DeadLettersJob(Source<DeadLetterRow, ?, ?> source, Sink<DeadLetterRow> sink) {
        this.source = source;
        this.sink = sink;
    }

    public void build(StreamExecutionEnvironment env) {
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "dead letters from Kafka")
                .uid("dead-letters-source")
                .sinkTo(sink)
                .name("store dead letters")
                .uid("dead-letters-store");
    }
}
