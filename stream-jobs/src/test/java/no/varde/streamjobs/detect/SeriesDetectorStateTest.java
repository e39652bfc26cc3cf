package no.varde.streamjobs.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import no.varde.model.Domain;
import no.varde.model.anomaly.Anomaly;
import no.varde.model.anomaly.AnomalyKind;
import org.junit.jupiter.api.Test;

/**
 * A detector written and read back is the same detector: every field equal (so a field added to a
 * detector without its line in {@link SeriesDetector#write} fails here), and it goes on to report
 * exactly what the original reports. Checked in the states that carry the most: a learnt week,
 * a spike waiting for its next reading, a limit breach with a statistical anomaly open, and a flatline open.
 */
class SeriesDetectorStateTest {
    private static final long T0 = 1_772_000_000_000L;
    private static final long MINUTE = 60_000L;
    private static final Series PRESSURE = new Series("w-1", "water.pressure", "bar", Domain.WATER, "Nord");
    // Named moments of the story told to the detector.
    private static final long WEEK = 7 * 1440;
    private static final long SPIKE = WEEK;
    private static final long LOW_FROM = WEEK + 60;
    private static final long STUCK_FROM = WEEK + 120;

    private final Random noise = new Random(5);
    private final List<Anomaly> reported = new ArrayList<>();

    private static double normal(long minute, Random noise) {
        return Math.round((4.0 + 0.3 * Math.sin(2 * Math.PI * (minute % 1440) / 1440.0) + 0.02 * noise.nextGaussian()) * 1000) / 1000.0;
    }

    private void feed(SeriesDetector d, long fromMinute, long toMinute, java.util.function.LongToDoubleFunction value) {
        for (long m = fromMinute; m < toMinute; m++) {
            d.accept(T0 + m * MINUTE, value.applyAsDouble(m), reported::add, a -> { });
        }
    }

    static SeriesDetector roundTrip(SeriesDetector d) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            d.write(out);
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        SeriesDetector copy = SeriesDetector.read(in);
        assertThat(in.available()).as("the reader takes exactly what the writer wrote").isZero();
        return copy;
    }

    /** Field by field, doubles exactly (NaN equal to NaN, as the detectors use it for "not known yet"). */
    static void assertSameState(SeriesDetector actual, SeriesDetector expected) {
        assertThat(actual).usingRecursiveComparison().withComparatorForType(Double::compare, Double.class).isEqualTo(expected);
    }

    /** The copy equals the original field by field, and both report the same for the next readings. */
    private void assertSameDetector(SeriesDetector original, long nextMinute) throws IOException {
        SeriesDetector copy = roundTrip(original);
        assertSameState(copy, original);
        List<Anomaly> fromOriginal = new ArrayList<>();
        List<Anomaly> fromCopy = new ArrayList<>();
        List<Double> originalScores = new ArrayList<>();
        List<Double> copyScores = new ArrayList<>();
        Random a = new Random(9);
        Random b = new Random(9);
        for (long m = nextMinute; m < nextMinute + 300; m++) {
            originalScores.add(original.accept(T0 + m * MINUTE, normal(m, a), fromOriginal::add, x -> { }));
            copyScores.add(copy.accept(T0 + m * MINUTE, normal(m, b), fromCopy::add, x -> { }));
        }
        assertThat(copyScores).isEqualTo(originalScores);
        assertThat(fromCopy).isEqualTo(fromOriginal);
        assertSameState(copy, original);
    }

    @Test
    void aLearntWeekReadsBackTheSame() throws IOException {
        SeriesDetector d = new SeriesDetector(PRESSURE, DetectorSettings.defaults(), LimitRules.shipped().onReadings("water.pressure", "Nord"));
        feed(d, 0, WEEK, m -> normal(m, noise));
        assertSameDetector(d, WEEK);
    }

    @Test
    void aSpikeWaitingForItsNextReadingReadsBackTheSame() throws IOException {
        SeriesDetector d = new SeriesDetector(PRESSURE, DetectorSettings.defaults(), List.of());
        feed(d, 0, SPIKE, m -> normal(m, noise));
        feed(d, SPIKE, SPIKE + 1, m -> 6.5);
        assertThat(reported).as("a spike is told by the reading after it").isEmpty();
        SeriesDetector copy = roundTrip(d);
        List<Anomaly> out = new ArrayList<>();
        copy.accept(T0 + (SPIKE + 1) * MINUTE, normal(SPIKE + 1, noise), out::add, a -> { });
        assertThat(out).extracting(Anomaly::kind).containsExactly(AnomalyKind.SPIKE, AnomalyKind.SPIKE);
    }

    @Test
    void openLimitAndStatisticalAnomaliesReadBackTheSame() throws IOException {
        SeriesDetector d = new SeriesDetector(PRESSURE, DetectorSettings.defaults(), LimitRules.shipped().onReadings("water.pressure", "Nord"));
        feed(d, 0, LOW_FROM, m -> normal(m, noise));
        feed(d, LOW_FROM, LOW_FROM + 30, m -> 1.5 + 0.01 * (m % 5));
        assertThat(reported).extracting(Anomaly::kind).contains(AnomalyKind.LIMIT, AnomalyKind.STATISTICAL);
        assertThat(d.hasOpen()).isTrue();
        assertSameDetector(d, LOW_FROM + 30);
    }

    @Test
    void anOpenFlatlineReadsBackTheSame() throws IOException {
        SeriesDetector d = new SeriesDetector(PRESSURE, DetectorSettings.defaults(), List.of());
        feed(d, 0, STUCK_FROM, m -> normal(m, noise));
        double stuckAt = normal(STUCK_FROM, noise);
        feed(d, STUCK_FROM, STUCK_FROM + 30, m -> stuckAt);
        assertThat(reported).extracting(Anomaly::kind).contains(AnomalyKind.FLATLINE);
        assertThat(d.hasOpen()).isTrue();
        assertSameDetector(d, STUCK_FROM + 30);
    }

    @Test
    void countsReadBackAtEveryLength() throws IOException {
        int[] counts = {0, 1, 127, 128, 16_383, 16_384, 2_097_152, Integer.MAX_VALUE, -1, Integer.MIN_VALUE};
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            StateIo.writeInts(out, counts);
        }
        assertThat(bytes.size()).as("1 + 1 + 1 + 2 + 2 + 3 + 4 + 5 + 5 + 5 bytes").isEqualTo(29);
        int[] back = new int[counts.length];
        StateIo.readInts(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), back);
        assertThat(back).containsExactly(counts);
    }
}
