package no.varde.streamjobs.rollup;

import java.time.Instant;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Gives an hour window's merged minute rollups their bucket: the window's start. */
public final class HourRollup extends ProcessWindowFunction<Rollup, Rollup, String, TimeWindow> {
    @Override
    public void process(String key, Context context, Iterable<Rollup> merged, Collector<Rollup> out) {
        for (Rollup rollup : merged) {
            out.collect(rollup.inBucket(Instant.ofEpochMilli(context.window().getStart())));
        }
    }
}
