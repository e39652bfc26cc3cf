package no.varde.streamjobs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import no.varde.model.Reading;
import no.varde.streamjobs.SeriesKeys;
import no.varde.streamjobs.anomaly.DriftDetection;
import no.varde.streamjobs.anomaly.FixedZoneDirectory;
import no.varde.streamjobs.anomaly.SeriesDetection;
import no.varde.streamjobs.anomaly.SilenceDetection;
import no.varde.streamjobs.detect.DetectorSettings;
import no.varde.streamjobs.detect.LimitRules;
import no.varde.streamjobs.rollup.ResendFilter;
import no.varde.streamjobs.rollup.Rollup;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.runtime.state.storage.FileSystemCheckpointStorage;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import no.varde.streamjobs.state.WriteBackOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * What the keyed state of the per-series and per-device operators costs at checkpoint and restore,
 * through Flink's own heap state backend and file checkpoint storage (the one-process platform's):
 * bytes per series on disk, the time of a full snapshot and of restoring it.
 * Each operator is fed {@code --readings} readings per series, {@code --interval-minutes} (or {@code --interval-seconds}) apart
 * (default: a week at half-hourly steps, so every day and week slot of the models is learnt, as in
 * a platform that has run for a week), then snapshotted and restored with snapshot compression off
 * and on, the median of {@code --repeat} snapshots and restores.
 * Run: {@code bin/bench-state [--series N] [--readings R] [--interval-minutes M | --interval-seconds S] [--repeat K]}.
 */
public final class StateCheckpointBench {
    private static final Instant T0 = Instant.parse("2026-11-02T00:00:00Z");
    /** Snapshots and restores per operator and setting; the report gives the median (this machine is shared and noisy). */
    private static int repeats;
    /** {@code --rocksdb}: RocksDB with incremental checkpoints instead of the heap (compression is then RocksDB's own). */
    private static boolean rocksdb;

    record Result(String operator, boolean compressed, int series, long bytes, double snapshotMillis, double restoreMillis, double feedRate) {
        String row() {
            return String.format(Locale.ROOT, "| %s | %s | %,d | %,.0f | %,.1f MB | %,.0f | %,.0f | %,.0f |", operator,
                    rocksdb ? "RocksDB's" : compressed ? "Snappy" : "none", series, (double) bytes / series, bytes / 1e6, snapshotMillis,
                    restoreMillis, feedRate);
        }
    }

    /** An operator, how its input is keyed, and what it is fed for each reading (the reading, or its 1-minute rollup). */
    private record Operator(String name, Supplier<KeyedProcessFunction<String, ?, ?>> function, KeySelector<?, String> key,
                            java.util.function.Function<Reading, Object> element) {
        Operator(String name, Supplier<KeyedProcessFunction<String, ?, ?>> function, KeySelector<?, String> key) {
            this(name, function, key, r -> r);
        }
    }

    public static void main(String[] args) throws Exception {
        int series = intArg(args, "--series", 10_000);
        int readings = intArg(args, "--readings", 336);
        // Seconds between a series' readings: --interval-seconds (a load device reports every second), else --interval-minutes.
        int interval = intArg(args, "--interval-seconds", 60 * intArg(args, "--interval-minutes", 30));
        repeats = intArg(args, "--repeat", 5);
        rocksdb = java.util.Arrays.asList(args).contains("--rocksdb");
        Path dir = Files.createTempDirectory("varde-state-bench");
        var zones = new FixedZoneDirectory(Map.of(), Map.of());
        List<Operator> operators = List.of(
                new Operator("resend filter", ResendFilter::new, new SeriesKeys.OfReading()),
                new Operator("series detectors", () -> new SeriesDetection(zones, LimitRules.shipped(), DetectorSettings.defaults()),
                        new SeriesKeys.OfReading()),
                new Operator("silence", () -> new SilenceDetection(zones, 5_000), (KeySelector<Reading, String>) Reading::deviceId),
                // One value per domain, every sensor's track in it, kept live and written at a snapshot.
                new Operator("drift, one value per domain", () -> new DriftDetection(zones), new DriftDetection.DomainKey(),
                        r -> new Rollup(r.deviceId(), r.metric(), r.eventTime(), 1, r.value(), r.value(), r.value(), r.value(), r.eventTime())));
        String only = stringArg(args, "--only", "");
        operators = operators.stream().filter(o -> o.name().contains(only)).toList();
        System.out.printf(Locale.ROOT, "State of %,d series (air.no2), %d readings each %d s apart, on %s; median of %d snapshots and "
                + "restores; checkpoints under %s%n", series, readings, interval, rocksdb ? "RocksDB (incremental)" : "the heap", repeats, dir);
        List<Result> results = new ArrayList<>();
        for (Operator operator : operators) {
            for (boolean compressed : rocksdb ? new boolean[] {false} : new boolean[] {false, true}) {
                results.add(measure(operator, compressed, series, readings, interval, dir.resolve(operator.name().replaceAll("[^a-z]+", "-") + compressed)));
            }
        }
        System.out.println();
        System.out.println("| operator | snapshot compression | series | bytes per series | checkpoint | snapshot ms | restore ms | feed readings/s |");
        System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        results.forEach(r -> System.out.println(r.row()));
        deleteRecursively(dir);
    }

    private record Fed(OperatorSubtaskState snapshot, double snapshotMillis, double readingsPerSecond) {
    }

    private static Result measure(Operator operator, boolean compressed, int series, int readings, int interval, Path checkpoints) throws Exception {
        Fed fed = feedAndSnapshot(operator, compressed, series, readings, interval, checkpoints);
        OperatorSubtaskState snapshot = fed.snapshot();
        long bytes = snapshot.getManagedKeyedState().stream().mapToLong(h -> h.getStateSize()).sum();
        double[] restores = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            try (var target = harness(operator, compressed, checkpoints)) {
                long t = System.nanoTime();
                target.initializeState(snapshot);
                target.open();
                restores[i] = (System.nanoTime() - t) / 1e6;
                // (RocksDB cannot count its entries; StateBackendEquivalenceTest checks what it restores.)
                if (!rocksdb && target.numKeyedStateEntries() == 0) {
                    throw new IllegalStateException(operator.name() + ": nothing was restored");
                }
            }
        }
        double restoreMillis = median(restores);
        Result result = new Result(operator.name(), compressed, series, bytes, fed.snapshotMillis(), restoreMillis, fed.readingsPerSecond());
        System.out.println(result.row());
        return result;
    }

    private static Fed feedAndSnapshot(Operator operator, boolean compressed, int series, int readings, int interval, Path checkpoints)
            throws Exception {
        var source = harness(operator, compressed, checkpoints);
        source.open();
        long total = (long) series * readings;
        long fed = 0;
        long started = System.nanoTime();
        // Each series reports at its own moment within the interval, its clock a few milliseconds off, and
        // the reading arrives 5-50 ms after it was made: real times, which compress as real checkpoints do.
        java.util.Random jitter = new java.util.Random(42);
        long arrived = Long.MIN_VALUE;
        for (int r = 0; r < readings; r++) {
            Instant at = T0.plusSeconds((long) interval * r);
            for (int s = 0; s < series; s++) {
                Instant made = at.plusNanos(interval * 1_000_000_000L / series * s + jitter.nextInt(20_000) * 1_000L);
                arrived = Math.max(arrived, made.toEpochMilli() + 5 + jitter.nextInt(45));
                source.setProcessingTime(arrived); // readings arrive as they are made: the resend filter's memory ages
                double value = 20 + 10 * Math.sin((r + s) / 7.0) + (s % 10) * 0.1;
                source.processElement(new StreamRecord<>(operator.element().apply(new Reading("load-" + s, "air.no2",
                        Math.round(value * 10) / 10.0, "ug/m3", made, made)), made.toEpochMilli()));
                if (++fed % Math.max(1, total / 10) == 0) {
                    System.out.printf(Locale.ROOT, "  %s (compression %s): %d %% fed%n", operator.name(), compressed ? "on" : "off", fed * 100 / total);
                }
            }
            // Event time moves on as in the platform, so timers fire and what is due is forgotten.
            source.processWatermark(at.toEpochMilli() - 1_000L * interval);
        }
        double readingsPerSecond = total / ((System.nanoTime() - started) / 1e9);
        double[] snapshots = new double[repeats];
        OperatorSubtaskState snapshot = null;
        for (int i = 0; i < repeats; i++) {
            long t = System.nanoTime();
            source.prepareSnapshotPreBarrier(i + 1); // live state (the drift detectors) is written here, as in a checkpoint
            snapshot = source.snapshot(i + 1, System.currentTimeMillis());
            snapshots[i] = (System.nanoTime() - t) / 1e6;
        }
        source.close();
        return new Fed(snapshot, median(snapshots), readingsPerSecond);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static KeyedOneInputStreamOperatorTestHarness<String, Object, Object> harness(Operator operator, boolean compressed, Path checkpoints)
            throws Exception {
        var harness = new KeyedOneInputStreamOperatorTestHarness<String, Object, Object>(
                WriteBackOperator.of((KeyedProcessFunction) operator.function().get()), (KeySelector) operator.key(), Types.STRING);
        harness.setStateBackend(rocksdb ? rocksDb() : new HashMapStateBackend());
        harness.setCheckpointStorage(new FileSystemCheckpointStorage(checkpoints.toUri()));
        harness.getExecutionConfig().setUseSnapshotCompression(compressed);
        return harness;
    }

    /** RocksDB as the platform sets it up ({@code StateBackendChoice}): incremental, its memory, LZ4 and 16 KB blocks. */
    private static org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend rocksDb() {
        var conf = new org.apache.flink.configuration.Configuration();
        no.varde.streamjobs.StateBackendChoice.ROCKSDB.configure(conf, null,
                org.apache.flink.configuration.MemorySize.parse(System.getProperty("rocksdb.memory", "512m")));
        // -Drocksdb.opt.<Flink option key>=<value>: other RocksDB options to compare, e.g.
        // -Drocksdb.opt.state.backend.rocksdb.compression.per.level=SNAPPY_COMPRESSION (RocksDB's own default)
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("rocksdb.opt.")).forEach(k ->
                conf.set(org.apache.flink.configuration.ConfigOptions.key(k.substring("rocksdb.opt.".length())).stringType().noDefaultValue(),
                        System.getProperty(k)));
        return new org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend(true).configure(conf, StateCheckpointBench.class.getClassLoader());
    }

    private static String stringArg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }

    private static void deleteRecursively(Path path) throws IOException {
        try (var paths = Files.walk(path)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
