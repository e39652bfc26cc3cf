package no.varde.streamjobs;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Dead letters from {@code varde.rejected} into {@code rejected_messages}, so that people can
 * inspect refused data with SQL. Built from an injected source and sink like {@link ReadingsJob},
 * and added to the same Flink job. A record that is not a dead letter goes to {@code undecodable_records}.
 */
public final class DeadLettersJob {
    private final Source<Decoded<DeadLetterRow>, ?, ?> source;
    private final Sink<DeadLetterRow> sink;
    private final Sink<UndecodableRecord> undecodableSink;

    public DeadLettersJob(Source<Decoded<DeadLetterRow>, ?, ?> source, Sink<DeadLetterRow> sink, Sink<UndecodableRecord> undecodableSink) {
        this.source = source;
        this.sink = sink;
        this.undecodableSink = undecodableSink;
    }

    public void build(StreamExecutionEnvironment env) {
        SingleOutputStreamOperator<DeadLetterRow> deadLetters = env
                .fromSource(source, WatermarkStrategy.noWatermarks(), "dead letters from Kafka").uid("dead-letters-source")
                .process(new SetAsideUndecodable<DeadLetterRow>(), TypeInformation.of(DeadLetterRow.class))
                .name("set aside undecodable dead letters").uid("dead-letters-decoded");
        deadLetters.getSideOutput(SetAsideUndecodable.UNDECODABLE).sinkTo(undecodableSink)
                .name("store undecodable dead letters").uid("dead-letters-undecodable-store");
        deadLetters.sinkTo(sink)
                .name("store dead letters")
                .uid("dead-letters-store");
    }
}
