package no.varde.streamjobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import no.varde.model.Reading;
import no.varde.model.anomaly.Anomaly;
import no.varde.model.anomaly.AnomalyKind;
import no.varde.streamjobs.anomaly.AveragedLimitDetection;
import no.varde.streamjobs.anomaly.DriftDetection;
import no.varde.streamjobs.anomaly.FixedZoneDirectory;
import no.varde.streamjobs.anomaly.SeriesDetection;
import no.varde.streamjobs.anomaly.SilenceDetection;
import no.varde.streamjobs.anomaly.DetectionJob;
import no.varde.streamjobs.anomaly.ZoneDetection;
import no.varde.streamjobs.detect.Assessment;
import no.varde.streamjobs.detect.DetectorSettings;
import no.varde.streamjobs.detect.LimitRules;
import no.varde.streamjobs.rollup.ResendFilter;
import no.varde.streamjobs.rollup.Rollup;
import no.varde.streamjobs.state.WriteBackOperator;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.runtime.state.storage.FileSystemCheckpointStorage;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every keyed operator of the job reports the same on RocksDB as on the heap, through a checkpoint
 * and a restore. The heap backend hands an operator the very object it stored, so a change made to
 * it without {@code update()} is kept there and lost on RocksDB, which stores a serialised copy; a
 * field left out of a serializer is likewise lost only where state is serialised on every access.
 * Four days of a small town (a burst, a stuck gauge, a silent logger, an NO2 and PM10 episode
 * at one station, resent readings) go through each operator twice: on the heap without a break, and on RocksDB
 * with an incremental checkpoint and a restore half-way. (A heap checkpoint does not restore into
 * RocksDB: Flink reads another backend's state only from a savepoint in the canonical format, which
 * is why the platform refuses to resume its checkpoints under another backend: see
 * {@code RetainedCheckpoints}.)
 */
class StateBackendEquivalenceTest {
    private static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");
    private static final int MINUTES = 4 * 24 * 60;
    // Named time fixtures, in minutes after T0.
    private static final int BURST_AT = 3 * 24 * 60 + 9 * 60;
    private static final int STUCK_FROM = 24 * 60 + 14 * 60;
    private static final int SILENT_FROM = 24 * 60 + 20 * 60;
    private static final int SILENT_UNTIL = SILENT_FROM + 40;
    private static final int SMOG_FROM = 3 * 24 * 60 + 16 * 60;
    private static final int HALF_WAY = MINUTES / 2 + 7;

    private static final FixedZoneDirectory ZONES = new FixedZoneDirectory(Map.of(
            "w-1", "Nord", "w-2", "Sør", "w-3", "Øst", "w-4", "Vest", "w-5", "Sentrum", "w-6", "Midt",
            "a-1", "Sentrum", "a-2", "Sentrum", "a-3", "Nord", "a-4", "Sør"),
            Map.of("Sentrum", 2, "Nord", 1, "Sør", 1));

    /** The town's readings in arrival order, with the watermark each is followed by. */
    private static List<StreamRecord<Reading>> readings;

    @TempDir
    Path checkpoints;

    private enum Backend { HEAP, ROCKSDB }

    @BeforeAll
    static void town() {
        Random random = new Random(7);
        readings = new ArrayList<>();
        double[] stuckAt = new double[1];
        for (int m = 0; m < MINUTES; m++) {
            Instant t = T0.plus(Duration.ofMinutes(m));
            double demand = Math.sin(2 * Math.PI * (m % 1440) / 1440.0);
            for (int i = 1; i <= 6; i++) {
                String w = "w-" + i;
                if (w.equals("w-2") && m >= SILENT_FROM && m < SILENT_UNTIL) {
                    continue;
                }
                double bar = 4 + 0.3 * i - (0.4 + 0.05 * i) * demand + random.nextGaussian() * 0.02;
                if (w.equals("w-1") && m >= BURST_AT && m < BURST_AT + 30) {
                    bar = 1.8 + random.nextGaussian() * 0.02;
                }
                bar = Math.round(bar * 1000) / 1000.0;
                if (w.equals("w-3") && m >= STUCK_FROM && m < STUCK_FROM + 30) {
                    bar = m == STUCK_FROM ? (stuckAt[0] = bar) : stuckAt[0];
                }
                readings.add(record(w, "water.pressure", "bar", bar, t));
                double flow = 100 + 10 * i + 40 * demand + 2 * random.nextGaussian() + (w.equals("w-1") && m >= BURST_AT && m < BURST_AT + 30 ? 60 : 0);
                readings.add(record(w, "water.flow", "m3/h", Math.round(flow * 100) / 100.0, t));
                if (w.equals("w-1") && m % 97 == 0) {
                    readings.add(record(w, "water.pressure", "bar", bar, t)); // resent after a lost PUBACK
                }
            }
            for (String a : new String[] {"a-1", "a-2", "a-3", "a-4"}) {
                double no2 = 25 + 10 * demand + random.nextGaussian() * 2;
                if (a.equals("a-1") && m >= SMOG_FROM && m < SMOG_FROM + 150) {
                    no2 += 230;
                }
                readings.add(record(a, "air.no2", "ug/m3", Math.round(no2 * 10) / 10.0, t));
                double pm10 = 20 + 5 * demand + random.nextGaussian() + (a.equals("a-1") && m >= SMOG_FROM && m < SMOG_FROM + 150 ? 80 : 0);
                readings.add(record(a, "air.pm10", "ug/m3", Math.round(pm10 * 10) / 10.0, t));
            }
        }
    }

    private static StreamRecord<Reading> record(String device, String metric, String unit, double value, Instant t) {
        return new StreamRecord<>(new Reading(device, metric, value, unit, t, t), t.toEpochMilli());
    }

    @Test
    void theResendFilterPassesTheSameReadings() throws Exception {
        List<Object> heap = assertSameOnEveryBackend(ResendFilter::new, new SeriesKeys.OfReading(), readings);
        assertThat(heap).hasSize(readings.size() - (MINUTES / 97 + 1));
    }

    @Test
    void theSeriesDetectorsReportTheSameAnomaliesAndAssessments() throws Exception {
        List<Object> heap = assertSameOnEveryBackend(
                () -> new SeriesDetection(ZONES, LimitRules.shipped(), DetectorSettings.defaults()), new SeriesKeys.OfReading(), readings);
        assertThat(kinds(heap)).contains(AnomalyKind.FLATLINE, AnomalyKind.LIMIT);
    }

    @Test
    void theZoneCompositesReportTheSame() throws Exception {
        List<StreamRecord<Assessment>> assessments = new ArrayList<>();
        try (var h = harness(() -> new SeriesDetection(ZONES, LimitRules.shipped(), DetectorSettings.defaults()),
                new SeriesKeys.OfReading(), Backend.HEAP)) {
            h.open();
            feed(h, readings, 0, readings.size());
            h.getSideOutput(SeriesDetection.ASSESSMENTS).forEach(a -> assessments.add(new StreamRecord<>(a.getValue(), a.getTimestamp())));
        }
        assertThat(assessments).isNotEmpty();
        assertSameOnEveryBackend(() -> new ZoneDetection(ZONES), new DetectionJob.ZoneKey(), assessments);
    }

    @Test
    void theSilenceDetectorReportsTheSame() throws Exception {
        List<Object> heap = assertSameOnEveryBackend(() -> new SilenceDetection(ZONES, 5_000), Reading::deviceId, readings);
        assertThat(kinds(heap)).contains(AnomalyKind.SILENCE);
    }

    @Test
    void theDriftAndAveragedLimitDetectorsReportTheSame() throws Exception {
        List<StreamRecord<Rollup>> minutes = rollups(Duration.ofMinutes(1));
        // The drift operator keeps each domain's sensors in one value; its neighbour comparison finds the episode at a-1.
        List<Object> drift = assertSameOnEveryBackend(() -> new DriftDetection(ZONES), new DriftDetection.DomainKey(), minutes);
        assertThat(kinds(drift)).contains(AnomalyKind.POLLUTION_EPISODE);
        List<Object> averaged = assertSameOnEveryBackend(() -> new AveragedLimitDetection(ZONES, LimitRules.shipped()),
                new SeriesKeys.OfRollup(), rollups(Duration.ofHours(1)));
        assertThat(kinds(averaged)).contains(AnomalyKind.LIMIT);
    }

    /** Runs the operator both ways; returns what it reported on the heap without a break. */
    private <IN> List<Object> assertSameOnEveryBackend(Supplier<KeyedProcessFunction<String, IN, ?>> function, KeySelector<IN, String> key,
                                                      List<StreamRecord<IN>> input) throws Exception {
        List<Object> heap = run(function, key, input, Backend.HEAP, null);
        assertThat(heap).as("the reference run reports something").isNotEmpty();
        assertThat(run(function, key, input, Backend.ROCKSDB, Backend.ROCKSDB)).as("RocksDB, restored half-way").isEqualTo(heap);
        return heap;
    }

    /** Output of a run, in order, then its assessments (side output), in order; {@code second} null: no restore. */
    private <IN> List<Object> run(Supplier<KeyedProcessFunction<String, IN, ?>> function, KeySelector<IN, String> key,
                                  List<StreamRecord<IN>> input, Backend first, Backend second) throws Exception {
        List<Object> out = new ArrayList<>();
        List<Object> side = new ArrayList<>();
        int split = second == null ? input.size() : input.size() * HALF_WAY / MINUTES;
        OperatorSubtaskState snapshot;
        try (var h = harness(function, key, first)) {
            h.open();
            feed(h, input, 0, split);
            if (second != null) {
                h.prepareSnapshotPreBarrier(1); // as Flink does before every snapshot: live state is written now
            }
            snapshot = second == null ? null : h.snapshot(1, 1);
            if (snapshot != null) {
                h.notifyOfCompletedCheckpoint(1);
            }
            collect(h, out, side);
        }
        if (second != null) {
            try (var h = harness(function, key, second)) {
                h.initializeState(snapshot);
                h.open();
                feed(h, input, split, input.size());
                collect(h, out, side);
            }
        }
        out.addAll(side);
        return out;
    }

    private static void collect(KeyedOneInputStreamOperatorTestHarness<String, ?, Object> h, List<Object> out, List<Object> side) {
        out.addAll(h.extractOutputValues());
        var assessments = h.getSideOutput(SeriesDetection.ASSESSMENTS);
        if (assessments != null) {
            assessments.forEach(a -> side.add(a.getValue()));
        }
    }

    /** Feeds {@code input[from, to)}, moving processing time and the watermark (one minute behind) as the platform does. */
    private static <IN> void feed(KeyedOneInputStreamOperatorTestHarness<String, IN, Object> h, List<StreamRecord<IN>> input,
                                  int from, int to) throws Exception {
        long watermark = Long.MIN_VALUE;
        for (int i = from; i < to; i++) {
            StreamRecord<IN> r = input.get(i);
            h.setProcessingTime(r.getTimestamp());
            h.processElement(new StreamRecord<>(r.getValue(), r.getTimestamp()));
            long next = r.getTimestamp() - 60_000;
            if (next > watermark) {
                h.processWatermark(next);
                watermark = next;
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private <IN> KeyedOneInputStreamOperatorTestHarness<String, IN, Object> harness(Supplier<KeyedProcessFunction<String, IN, ?>> function,
                                                                                    KeySelector<IN, String> key, Backend backend)
            throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<String, IN, Object>(WriteBackOperator.of((KeyedProcessFunction) function.get()), key, Types.STRING);
        h.setStateBackend(backend == Backend.HEAP ? new HashMapStateBackend() : new EmbeddedRocksDBStateBackend(true));
        h.setCheckpointStorage(new FileSystemCheckpointStorage(checkpoints.toUri()));
        return h;
    }

    /** The town's readings as rollups of {@code width}, emitted when their bucket ends. */
    private static List<StreamRecord<Rollup>> rollups(Duration width) {
        Map<String, List<Reading>> open = new LinkedHashMap<>();
        List<StreamRecord<Rollup>> out = new ArrayList<>();
        long w = width.toMillis();
        long current = Long.MIN_VALUE;
        Function<List<Reading>, Rollup> roll = rs -> {
            Reading first = rs.get(0);
            Reading last = rs.get(rs.size() - 1);
            double sum = rs.stream().mapToDouble(Reading::value).sum();
            double min = rs.stream().mapToDouble(Reading::value).min().orElseThrow();
            double max = rs.stream().mapToDouble(Reading::value).max().orElseThrow();
            Instant bucket = Instant.ofEpochMilli(first.eventTime().toEpochMilli() / w * w);
            return new Rollup(first.deviceId(), first.metric(), bucket, rs.size(), min, max, sum, last.value(), last.eventTime());
        };
        for (StreamRecord<Reading> r : readings) {
            long bucket = r.getTimestamp() / w * w;
            if (bucket != current) {
                open.values().forEach(rs -> out.add(new StreamRecord<>(roll.apply(rs), bucket - 1)));
                open.clear();
                current = bucket;
            }
            open.computeIfAbsent(r.getValue().deviceId() + '|' + r.getValue().metric(), k -> new ArrayList<>()).add(r.getValue());
        }
        return out;
    }

    private static List<AnomalyKind> kinds(List<Object> out) {
        return out.stream().filter(o -> o instanceof Anomaly).map(o -> ((Anomaly) o).kind()).distinct().toList();
    }
}
