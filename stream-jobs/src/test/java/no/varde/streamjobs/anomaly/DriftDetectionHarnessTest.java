package no.varde.streamjobs.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import no.varde.model.anomaly.Anomaly;
import no.varde.model.anomaly.AnomalyKind;
import no.varde.streamjobs.rollup.Rollup;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The drift operator: one key per domain, a drifting logger found from 1-minute rollups, state and timers gone with the series. */
class DriftDetectionHarnessTest {
    // Named time fixtures.
    private static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");
    private static final int LEARN_MINUTES = 2 * 1440;
    private static final Instant DRIFT_FROM = T0.plus(Duration.ofMinutes(LEARN_MINUTES + 300));
    private static final Duration DRIFT_TAKES = Duration.ofHours(2);
    private static final Instant GONE_FOR_A_WEEK = DRIFT_FROM.plus(Duration.ofDays(9));
    private static final String[] LOGGERS = {"p-0", "p-1", "p-2", "p-3", "p-4"};

    private static KeyedOneInputStreamOperatorTestHarness<String, Rollup, Anomaly> harness() throws Exception {
        Map<String, String> zones = Map.of("p-0", "Nord", "p-1", "Sør", "p-2", "Øst", "p-3", "Vest", "p-4", "Havna");
        var h = new KeyedOneInputStreamOperatorTestHarness<>(DriftDetection.operator(new FixedZoneDirectory(zones, Map.of())),
                new DriftDetection.DomainKey(), Types.STRING);
        h.open();
        return h;
    }

    private static StreamRecord<Rollup> rollup(String device, Instant bucket, double bar) {
        return new StreamRecord<>(new Rollup(device, "water.pressure", bucket, 1, bar, bar, bar, bar, bucket), bucket.toEpochMilli());
    }

    @Test
    void oneLoggerWalkingAwayIsADriftAndTheStateGoesWithTheLoggers() throws Exception {
        java.util.Random random = new java.util.Random(3);
        try (var h = harness()) {
            Instant end = DRIFT_FROM.plus(DRIFT_TAKES);
            for (Instant t = T0; t.isBefore(end); t = t.plus(Duration.ofMinutes(1))) {
                double demand = Math.sin(2 * Math.PI * Duration.between(T0, t).toMinutes() / 1440.0);
                for (int i = 0; i < LOGGERS.length; i++) {
                    double drift = i == 2 && !t.isBefore(DRIFT_FROM)
                            ? 0.6 * Duration.between(DRIFT_FROM, t).toMinutes() / DRIFT_TAKES.toMinutes() : 0;
                    h.processElement(rollup(LOGGERS[i], t, 4 + 0.2 * i - 0.4 * demand + 0.02 * random.nextGaussian() + drift));
                }
                h.processWatermark(t.toEpochMilli());
            }
            var drifts = h.extractOutputValues().stream().filter(a -> a.kind() == AnomalyKind.DRIFT).toList();
            assertThat(drifts).extracting(a -> a.deviceIds().get(0)).containsOnly("p-2");
            assertThat(drifts.get(0).startedAt()).isAfterOrEqualTo(DRIFT_FROM).isBefore(end);
            assertThat(drifts.get(0).explanation()).contains("water.pressure at p-2 (zone Øst) has drifted", "above the other 4");
            assertThat(h.numKeyedStateEntries()).as("kept live until a checkpoint").isZero();
            h.prepareSnapshotPreBarrier(1);
            assertThat(h.numKeyedStateEntries()).isEqualTo(1); // one key: the water domain

            h.processWatermark(GONE_FOR_A_WEEK.toEpochMilli());
            assertThat(h.extractOutputValues().get(h.extractOutputValues().size() - 1).status()).isEqualTo(Anomaly.Status.CLOSED);
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }
}
