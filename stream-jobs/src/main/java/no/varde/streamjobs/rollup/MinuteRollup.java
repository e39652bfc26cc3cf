package no.varde.streamjobs.rollup;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import no.varde.model.Reading;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * One series' readings of one minute → its rollup. Readings with the same event time are counted
 * once: a device that resends after a lost PUBACK puts the same reading on Kafka twice, and the
 * rollup must agree with the deduplicated {@code readings} table.
 */
public final class MinuteRollup extends ProcessWindowFunction<Reading, Rollup, String, TimeWindow> {
    @Override
    public void process(String key, Context context, Iterable<Reading> readings, Collector<Rollup> out) {
        Instant bucket = Instant.ofEpochMilli(context.window().getStart());
        Set<Instant> seen = new HashSet<>();
        Rollup rollup = null;
        for (Reading r : readings) {
            if (!seen.add(r.eventTime())) {
                continue;
            }
            Rollup one = new Rollup(r.deviceId(), r.metric(), bucket, 1, r.value(), r.value(), r.value(), r.value(), r.eventTime());
            rollup = rollup == null ? one : rollup.merge(one);
        }
        if (rollup != null) {
            out.collect(rollup);
        }
    }
}
