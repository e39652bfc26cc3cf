package no.varde.streamjobs.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import no.varde.model.Reading;
import no.varde.streamjobs.ReadingsJob;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Throughput of the readings graph without detection ({@link ReadingsJob#attach}: resend filter,
 * 1-minute and 1-hour rollups, their sinks discarded) in a local Flink at parallelism 1, on
 * generated readings: {@code --series} series, one reading a second each, {@code --readings} in
 * all, {@code --repeat} runs (the report gives each run and the median; this machine is shared
 * and noisy, so compare builds alternated on the same machine). The source and the shuffle to
 * the keyed operators are in the figure too, the same for any build.
 * Run: {@code bin/bench-readings-graph [--series N] [--readings R] [--repeat K]}.
 */
public final class ReadingsGraphBench {
    private static final Instant T0 = Instant.parse("2026-11-02T00:00:00Z");

    public static void main(String[] args) throws Exception {
        int series = 10_000;
        long readings = 20_000_000L;
        int repeat = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--series" -> series = Integer.parseInt(args[++i]);
                case "--readings" -> readings = Long.parseLong(args[++i]);
                case "--repeat" -> repeat = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (use --series N, --readings R, --repeat K)");
            }
        }
        List<Double> rates = new ArrayList<>();
        for (int run = 1; run <= repeat; run++) {
            long started = System.nanoTime();
            runOnce(series, readings);
            double seconds = (System.nanoTime() - started) / 1e9;
            rates.add(readings / seconds);
            System.out.printf(Locale.ROOT, "run %d of %d: %,d readings of %,d series in %.1f s: %,.0f readings/s%n", run, repeat, readings,
                    series, seconds, readings / seconds);
        }
        List<Double> sorted = rates.stream().sorted().toList();
        System.out.printf(Locale.ROOT, "median %,.0f readings/s (min %,.0f, max %,.0f) over %d runs%n", sorted.get(sorted.size() / 2),
                sorted.get(0), sorted.get(sorted.size() - 1), repeat);
    }

    private static void runOnce(int series, long readings) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.getConfig().enableObjectReuse();   // as ReadingsJob.build sets it
        DataStream<Reading> stream = env.fromSequence(0, readings - 1).name("generated")
                .map(new Generated(series)).name("readings")
                .assignTimestampsAndWatermarks(ReadingsJob.watermarks());
        new ReadingsJob(null, null, new DiscardingSink<>(), new DiscardingSink<>(), new DiscardingSink<>(), new DiscardingSink<>()).attach(stream);
        env.execute("readings graph bench");
    }

    /** Reading {@code i}: series {@code i mod series}, second {@code i / series}; the value a slow wave. */
    private static final class Generated implements MapFunction<Long, Reading> {
        private final int series;
        private final String[] devices;

        Generated(int series) {
            this.series = series;
            this.devices = new String[series];
            for (int s = 0; s < series; s++) {
                devices[s] = "bench-" + s;
            }
        }

        @Override
        public Reading map(Long i) {
            int s = (int) (i % series);
            long second = i / series;
            Instant at = T0.plusSeconds(second);
            return new Reading(devices[s], "water.pressure", 4 + Math.sin(second / 600.0 + s), "bar", at, at);
        }
    }
}
