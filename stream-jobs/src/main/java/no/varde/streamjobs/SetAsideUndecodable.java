package no.varde.streamjobs;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chained right after a Kafka source: decoded values go on, undecodable records go to
 * {@link #UNDECODABLE} (stored in {@code undecodable_records}), each counted in the metric
 * {@code undecodableRecords} and logged with its position and reason (never its bytes). The job
 * does not fail on such a record, which would only replay it and fail again.
 */
public final class SetAsideUndecodable<T> extends ProcessFunction<Decoded<T>, T> {
    private static final Logger LOG = LoggerFactory.getLogger(SetAsideUndecodable.class);

    public static final OutputTag<UndecodableRecord> UNDECODABLE =
            new OutputTag<>("undecodable-records", TypeInformation.of(UndecodableRecord.class));

    private transient Counter undecodable;

    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext context) {
        undecodable = getRuntimeContext().getMetricGroup().counter("undecodableRecords");
    }

    @Override
    public void processElement(Decoded<T> record, Context context, Collector<T> out) {
        if (record.value() != null) {
            out.collect(record.value());
            return;
        }
        UndecodableRecord r = record.undecodable();
        undecodable.inc();
        LOG.error("Undecodable record {}-{}@{} kept in undecodable_records: {}", r.topic(), r.partition(), r.offset(), r.reason());
        context.output(UNDECODABLE, r);
    }
}
