package no.varde.streamjobs.rollup;

import java.time.Instant;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Gives a window's rollup its bucket: the window's start (hours from minutes). */
public final class WindowBucket extends ProcessWindowFunction<Rollup, Rollup, String, TimeWindow> {
    @Override
    public void process(String key, Context context, Iterable<Rollup> merged, Collector<Rollup> out) {
        for (Rollup rollup : merged) {
            out.collect(rollup.inBucket(Instant.ofEpochMilli(context.window().getStart())));
        }
    }
}
