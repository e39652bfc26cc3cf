package no.varde.streamjobs.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongToDoubleFunction;
import no.varde.model.Domain;
import no.varde.model.anomaly.Anomaly;
import no.varde.model.anomaly.AnomalyKind;
import org.junit.jupiter.api.Test;

/**
 * Stuck sensors through {@link SeriesDetector}: how many identical readings it takes depends on
 * how rarely this series repeats by chance, judged from its noise and resolution as well as from
 * the repeats it made; normal weeks of fine and coarse series raise nothing.
 */
class StuckWatchTest {
    private static final long T0 = 1_772_000_000_000L;
    private static final long MINUTE = 60_000L;
    private static final Series FLOW = new Series("w-1", "water.flow", "m3/h", Domain.WATER, "Nord");
    private static final Series PRESSURE = new Series("w-1", "water.pressure", "bar", Domain.WATER, "Nord");
    // Named moments: a week of learning (every hour of the day seen 420 times), then the sensor sticks.
    private static final long WEEK = 7 * 1440;
    private static final long STUCK_FROM = WEEK + 600;

    private final List<Anomaly> out = new ArrayList<>();

    private static double rounded(double v, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(v * scale) / scale;
    }

    /** A district meter: about 100 m3/h over the day, 1.5 % noise (sd 1.5 m3/h), as the simulator's. */
    private static LongToDoubleFunction flow(Random noise, int decimals) {
        return m -> rounded(100 + 40 * Math.sin(2 * Math.PI * (m % 1440) / 1440.0) + 1.5 * noise.nextGaussian(), decimals);
    }

    /** A pressure gauge at 3 decimals with sd 0.02 bar: a reading repeats the last about once in 70. */
    private static LongToDoubleFunction pressure(Random noise) {
        return m -> rounded(4.0 + 0.3 * Math.sin(2 * Math.PI * (m % 1440) / 1440.0) + 0.02 * noise.nextGaussian(), 3);
    }

    private void feed(SeriesDetector d, long from, long to, LongToDoubleFunction value) {
        for (long m = from; m < to; m++) {
            d.accept(T0 + m * MINUTE, value.applyAsDouble(m), out::add, a -> { });
        }
    }

    /** Sticks at the next normal value and returns how many identical readings it took to open a flatline. */
    private int readingsUntilFlatline(SeriesDetector d, LongToDoubleFunction normal) {
        double stuckAt = normal.applyAsDouble(STUCK_FROM);
        for (int n = 1; n <= 30; n++) {
            d.accept(T0 + (STUCK_FROM + n - 1) * MINUTE, stuckAt, out::add, a -> { });
            if (out.stream().anyMatch(a -> a.kind() == AnomalyKind.FLATLINE)) {
                return n;
            }
        }
        return Integer.MAX_VALUE;
    }

    private static List<Anomaly> flatlines(List<Anomaly> anomalies) {
        return anomalies.stream().filter(a -> a.kind() == AnomalyKind.FLATLINE).toList();
    }

    @Test
    void aThreeDecimalFlowMeterIsStuckAtItsSecondRepeat() {
        SeriesDetector d = new SeriesDetector(FLOW, DetectorSettings.defaults(), List.of());
        LongToDoubleFunction normal = flow(new Random(1), 3);
        feed(d, 0, STUCK_FROM, normal);
        assertThat(flatlines(out)).as("a normal week of a fine sensor").isEmpty();
        // Counting repeats alone could not call one rarer than "once in the 420 readings seen at this hour",
        // and needed four identical readings; its noise says one in about 4,000.
        assertThat(readingsUntilFlatline(d, normal)).isEqualTo(3);
        Anomaly a = flatlines(out).get(0);
        assertThat(a.startedAt().toEpochMilli()).as("since the first of the identical readings").isEqualTo(T0 + STUCK_FROM * MINUTE);
        assertThat(a.explanation()).matches("water\\.flow at w-1 \\(zone Nord\\) has reported exactly \\d+\\.\\d{1,3} m3/h 3 times in a row"
                + " since .+ \\(Oslo time\\), where at this hour it repeats a reading about 1 in [\\d,]+ times: probably stuck");
    }

    @Test
    void aSensorReportingSixDecimalsIsStuckAtItsFirstRepeat() {
        SeriesDetector d = new SeriesDetector(FLOW, DetectorSettings.defaults(), List.of());
        LongToDoubleFunction normal = flow(new Random(2), 6);
        feed(d, 0, STUCK_FROM, normal);
        assertThat(readingsUntilFlatline(d, normal)).isEqualTo(2);
    }

    @Test
    void aPressureGaugeThatRepeatsOnceInSeventyNeedsFourRepeats() {
        SeriesDetector d = new SeriesDetector(PRESSURE, DetectorSettings.defaults(), List.of());
        LongToDoubleFunction normal = pressure(new Random(3));
        feed(d, 0, STUCK_FROM, normal);
        assertThat(flatlines(out)).isEmpty();
        // (1/70)^3 = 3e-6 is not yet one in a million; (1/70)^4 = 4e-8 is.
        assertThat(readingsUntilFlatline(d, normal)).isEqualTo(5);
    }

    @Test
    void aGaugeThatHoldsItsValueIsJudgedByItsRepeatsNotItsSteps() {
        // Updates every third reading with large steps: its noise model says repeats are rare, what it does says
        // two in three. Runs of two repeats are its normal and must not be called stuck.
        SeriesDetector d = new SeriesDetector(FLOW, DetectorSettings.defaults(), List.of());
        Random noise = new Random(4);
        LongToDoubleFunction fresh = flow(noise, 3);
        double[] held = {Double.NaN};
        feed(d, 0, 3 * WEEK, m -> m % 3 == 0 ? (held[0] = fresh.applyAsDouble(m)) : held[0]);
        assertThat(flatlines(out)).isEmpty();
    }

    @Test
    void twoNormalWeeksOfFineAndCoarseSeriesRaiseNothing() {
        Series temperature = new Series("a-1", "air.temperature", "°C", Domain.AIR, "Nord");
        Series level = new Series("r-1", "water.reservoir_level", "m", Domain.WATER, "Nord");
        for (int seed = 10; seed < 14; seed++) {
            Random noise = new Random(seed);
            feed(new SeriesDetector(FLOW, DetectorSettings.defaults(), List.of()), 0, 2 * WEEK, flow(noise, 3));
            feed(new SeriesDetector(PRESSURE, DetectorSettings.defaults(), List.of()), 0, 2 * WEEK, pressure(noise));
            feed(new SeriesDetector(temperature, DetectorSettings.defaults(), List.of()), 0, 2 * WEEK,
                    m -> rounded(5 + 3 * Math.sin(2 * Math.PI * (m % 1440) / 1440.0) + 0.2 * noise.nextGaussian(), 3));
            // Coarse: one decimal against 0.005 m of noise, so most readings repeat.
            feed(new SeriesDetector(level, DetectorSettings.defaults(), List.of()), 0, 2 * WEEK,
                    m -> rounded(6 - 1.5 * Math.sin(2 * Math.PI * (m % 1440) / 1440.0) + 0.005 * noise.nextGaussian(), 1));
        }
        assertThat(flatlines(out)).isEmpty();
    }

    @Test
    void theResolutionIsTheFewestDecimalsThatWriteTheReading() {
        assertThat(StuckWatch.resolutionOf(102.525)).isCloseTo(0.001, within(1e-12));
        assertThat(StuckWatch.resolutionOf(37)).isEqualTo(1);
        assertThat(StuckWatch.resolutionOf(4.5)).isCloseTo(0.1, within(1e-12));
        assertThat(StuckWatch.resolutionOf(0.1 + 0.2)).as("floating-point error is not a decimal").isCloseTo(0.1, within(1e-12));
        assertThat(StuckWatch.resolutionOf(1 / 3.0)).isEqualTo(StuckWatch.FINEST);
        assertThat(StuckWatch.oneIn(0.26)).isEqualTo("in 26 % of readings");
        assertThat(StuckWatch.oneIn(1 / 6234.0)).isEqualTo("about 1 in 6,200 times");
    }

    /**
     * A detector an earlier build (533baf5, layout 1: repeat rates only) wrote after three days of a
     * 3-decimal pressure series (the generator: {@code SeriesDetectorStateTest.normal} with
     * {@code new Random(3)}, minute by minute from {@code T0}). It reads, carries on judging stuck
     * sensors by the repeat rates it had until it has learnt the step sizes, and writes the new layout.
     */
    @Test
    void aDetectorWrittenBeforeStepSizesReadsAndStillFindsAStuckSensor() throws IOException {
        SeriesDetector d;
        try (InputStream file = getClass().getResourceAsStream("/state/series-detector-layout1-pressure-3-days.bin")) {
            DataInputStream in = new DataInputStream(file);
            d = SeriesDetector.read(in, 1);
            assertThat(in.read()).as("the whole block is read").isEqualTo(-1);
        }
        assertThat(d.series()).isEqualTo(PRESSURE);
        double stuckAt = 4.123;
        long from = 3 * 1440 + 1;
        for (int i = 0; i < 10; i++) {
            d.accept(T0 + (from + i) * MINUTE, stuckAt, out::add, a -> { });
        }
        assertThat(flatlines(out)).hasSize(1);
        SeriesDetector copy = SeriesDetectorStateTest.roundTrip(d);
        SeriesDetectorStateTest.assertSameState(copy, d);
    }
}
