package no.varde.streamjobs.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import no.varde.model.Domain;
import no.varde.streamjobs.detect.DetectorSettings;
import no.varde.streamjobs.detect.LimitRules;
import no.varde.streamjobs.detect.Series;
import no.varde.streamjobs.detect.SeriesDetector;
import no.varde.streamjobs.detect.SilenceWatch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Readings per second through the detector chain on one thread: per reading, the series'
 * detector looked up by key (as Flink's heap keyed state does), its limit rules, the adaptive
 * model, spike and flatline checks and the assessment for the composites, and the device's
 * silence watch. 2,000 series (1,000 devices × 2 metrics), readings a minute apart with a daily
 * rhythm and noise, after a warm-up day so the models are past their learning phase.
 * Run: {@code bin/bench-detectors}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DetectorChainBenchmark {
    static final int DEVICES = 1000;
    static final String[] METRICS = {"water.pressure", "water.flow"};
    static final int BATCH = DEVICES * 2;
    private static final long T0 = 1_772_000_000_000L;

    private final Map<String, SeriesDetector> detectors = new HashMap<>();
    private final Map<String, SilenceWatch> watches = new HashMap<>();
    private String[] deviceIds;
    private String[] keys;
    private double[] noise;
    private long minute;

    @Setup(Level.Trial)
    public void setUp() {
        LimitRules rules = LimitRules.shipped();
        deviceIds = new String[DEVICES];
        keys = new String[BATCH];
        for (int d = 0; d < DEVICES; d++) {
            deviceIds[d] = "w-" + d;
            for (int m = 0; m < METRICS.length; m++) {
                String key = deviceIds[d] + '\u0000' + METRICS[m];
                keys[d * 2 + m] = key;
                Series series = new Series(deviceIds[d], METRICS[m], m == 0 ? "bar" : "m3/h", Domain.WATER, "Zone" + (d % 6));
                detectors.put(key, new SeriesDetector(series, DetectorSettings.defaults(), rules.onReadings(METRICS[m], series.zone())));
            }
            watches.put(deviceIds[d], new SilenceWatch(deviceIds[d], Domain.WATER, "Zone" + (d % 6), 5000));
        }
        Random random = new Random(42);
        noise = new double[4096];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = random.nextGaussian();
        }
        Blackhole sink = new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        for (int i = 0; i < 1440; i++) {
            oneMinute(sink);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void oneMinuteOfReadings(Blackhole sink) {
        oneMinute(sink);
    }

    private void oneMinute(Blackhole sink) {
        long t = T0 + minute * 60_000L;
        double rhythm = Math.sin(2 * Math.PI * (minute % 1440) / 1440.0);
        for (int i = 0; i < BATCH; i++) {
            int device = i >> 1;
            boolean pressure = (i & 1) == 0;
            double value = pressure ? 4 + 0.3 * rhythm + 0.02 * noise[(int) ((minute * 31 + i) & 4095)]
                    : 100 + 40 * rhythm + 3 * noise[(int) ((minute * 17 + i) & 4095)];
            SeriesDetector d = detectors.get(keys[i]);
            sink.consume(d.accept(t, value, sink::consume, sink::consume));
            watches.get(deviceIds[device]).onReading(pressure ? METRICS[0] : METRICS[1], t, sink::consume);
        }
        minute++;
    }

}
