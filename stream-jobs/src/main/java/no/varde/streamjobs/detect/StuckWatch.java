package no.varde.streamjobs.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import no.varde.model.anomaly.Anomaly;
import no.varde.model.anomaly.AnomalyKind;
import no.varde.model.anomaly.Severity;

/**
 * Finds a stuck sensor, for {@link SeriesDetector}: a run of identical readings that this series,
 * at this hour of the day, would produce by chance less than once in {@value #FLATLINE_PROBABILITY}
 * readings.
 *
 * <p>How likely one repeat is comes from two places, and the larger wins:
 * <ul>
 * <li><b>what the series did</b>: how often it repeated itself at this hour (a counter at night,
 * a coarse sensor);</li>
 * <li><b>what its noise allows</b>: a reading repeats the last one when the step between them is
 * smaller than the sensor's resolution (the last decimal it reports), so with steps of usual size
 * {@code s} at this hour, about {@code resolution / (π s)} of readings repeat (Gaussian steps). A week holds too few
 * repeats of a fine sensor (a flow meter's 3 decimals repeat once in 5,000 readings) to count
 * them; the step size is measured on every reading. The model is checked against the series' own
 * repeats (observed / expected, never below 1), so a series whose steps are often tiny (a gauge
 * that settles) is judged by what it does.</li>
 * </ul>
 *
 * <p>Why it matters: counting alone could never call a repeat rarer than "once in the readings
 * seen at this hour", so a flow meter stuck at 102.525 m3/h needed four readings in a row; at its
 * real rarity, three are one in ten million.
 */
final class StuckWatch implements Serializable {
    private static final long serialVersionUID = 1L;
    /** A run of identical readings this improbable for the series is a stuck sensor. */
    static final double FLATLINE_PROBABILITY = 1e-6;
    /** Memory of the repeat rate and the step size, in readings of the same hour of day. */
    static final int MEMORY = 500;
    /** Readings at an hour before it can judge a repeat at that hour. */
    static final int MIN_SEEN = 30;
    /** Memory of the model's check against the series' repeats, in readings (about a week at one a minute). */
    static final double CHECK_MEMORY = 24.0 * MEMORY;
    private static final int RATE = 0;
    private static final int SEEN = 1;
    private static final int STEP = 2;
    private static final int STEPS = 3;
    private static final int PER_HOUR = 4;
    /** The finest resolution assumed: a sensor that reports more decimals is treated as reporting six. */
    static final double FINEST = 1e-6;

    private Anomaly open;
    private int run;
    private long runStart;
    /**
     * Per hour of the day (night values are flatter), side by side so that a reading touches one
     * cache line: how often the series repeats its last value and the readings that was learnt
     * from, the mean absolute step between readings and the steps that was learnt from (both
     * counts stop at {@value #MEMORY}, where the averages become moving ones).
     */
    private final double[] hours = new double[24 * PER_HOUR];
    /** The smallest difference the sensor reports (10^-decimals of its most precise reading), NaN until seen. */
    private double resolution = Double.NaN;
    /** Repeats seen, and repeats the noise model expected, over the last {@value #CHECK_MEMORY} readings. */
    private double repeatsSeen;
    private double repeatsExpected;

    boolean isOpen() {
        return open != null;
    }

    /**
     * Takes one reading. A {@code counted} series (vehicles) may repeat zero, and repeats at least
     * as often as Poisson counting at the {@code expected} rate says; nothing opens before the
     * series' model is {@code warm}.
     */
    void accept(Series series, long millis, double value, double previous, boolean atBound, boolean counted, double expected,
                boolean warm, Consumer<Anomaly> out) {
        boolean repeat = value == previous && (counted || value != 0) && !atBound;
        int hour = (int) Math.floorMod(millis / 3_600_000L, 24L) * PER_HOUR;
        if (open != null) {
            if (repeat) {
                run++;
                return;
            }
            out.accept(open.close(Instant.ofEpochMilli(millis), open.explanation() + "; it changed again after " + (run + 1) + " readings"));
            open = null;
            run = 0;
            runStart = millis;
            return;
        }
        if (!repeat) {
            // A run that ended without a flatline was the series' own doing: learn its repeats now. Learnt while it
            // ran, they would have made each further repeat look likelier, and a stuck sensor slower to find.
            for (int i = 0; i < run; i++) {
                learn(hour, previous, previous, true);
            }
            runStart = millis;
            run = 0;
            learn(hour, value, previous, false);
            return;
        }
        run++;
        double repeatRate = Math.max(repeatRate(hour), counted ? countRate(value, expected) : 0);
        if (warm && Math.pow(repeatRate, run) < FLATLINE_PROBABILITY) {
            Instant at = Instant.ofEpochMilli(millis);
            open = new Anomaly(Anomaly.idFor(AnomalyKind.FLATLINE, series.subject(), at), 0, AnomalyKind.FLATLINE,
                    Severity.WARNING, Anomaly.Status.OPEN, series.domain(), series.zone(), List.of(series.deviceId()),
                    series.metric(), 1 - Math.pow(repeatRate, run), value, Double.NaN, Double.NaN, Instant.ofEpochMilli(runStart), at,
                    null, explanation(series, value, repeatRate));
            out.accept(open);
        }
    }

    /**
     * How often a count (vehicles a minute) takes this value again: as often as a Poisson count of
     * the expected size takes it. One vehicle a minute at night repeats a third of the time, sixty
     * at rush hour almost never. Computed on a repeat only: most readings are not one.
     */
    private static double countRate(double value, double expected) {
        return Double.isNaN(expected) ? 1 : Math.max(PoissonCounts.probability(value, Math.max(expected, 0.1)), Double.MIN_VALUE);
    }

    /** How often a reading at this hour ({@code hour * PER_HOUR}) repeats the one before; 1 (never stuck) until the hour is known. */
    private double repeatRate(int hour) {
        if (hours[hour + SEEN] < MIN_SEEN) {
            return 1;
        }
        if (hours[hour + STEPS] < MIN_SEEN || hours[hour + STEP] <= 0 || Double.isNaN(resolution)) {
            return hours[hour + RATE];
        }
        return Math.max(hours[hour + RATE], Math.min(1, modelCheck() * modelRate(hour)));
    }

    private double modelRate(int hour) {
        // Steps of mean absolute size s, if Gaussian, have standard deviation s √(π/2) and density 1 / (π s) at 0.
        return resolution / (Math.PI * hours[hour + STEP]);
    }

    /** Observed / expected repeats, never below 1: the model may be too bold, never too cautious. */
    private double modelCheck() {
        return Math.max(1, (repeatsSeen + 1) / (repeatsExpected + 1));
    }

    private void learn(int hour, double value, double previous, boolean repeat) {
        if (Double.isNaN(previous)) {
            return;
        }
        if (!(resolution <= FINEST)) {
            resolution = Double.isNaN(resolution) ? resolutionOf(value) : Math.min(resolution, resolutionOf(value));
        }
        if (hours[hour + STEPS] >= MIN_SEEN && hours[hour + STEP] > 0) {
            double keep = 1 - 1 / CHECK_MEMORY;
            repeatsSeen = repeatsSeen * keep + (repeat ? 1 : 0);
            repeatsExpected = repeatsExpected * keep + Math.min(1, modelRate(hour));
        }
        double seen = hours[hour + SEEN] = Math.min(hours[hour + SEEN] + 1, MEMORY);
        hours[hour + RATE] += ((repeat ? 1 : 0) - hours[hour + RATE]) / seen;
        // Clipped, so a spike does not teach the hour that steps are large (which would make repeats look rarer).
        double step = Math.abs(value - previous);
        double usual = hours[hour + STEP];
        double steps = hours[hour + STEPS] = Math.min(hours[hour + STEPS] + 1, MEMORY);
        hours[hour + STEP] += ((usual > 0 ? Math.min(step, 4 * usual) : step) - usual) / steps;
    }

    /**
     * 10^-d for the fewest decimals d (up to six) that write {@code value}, within floating-point
     * error (0.1 + 0.2 is written 0.3). Arithmetic rather than text: it runs on every reading.
     */
    static double resolutionOf(double value) {
        if (!Double.isFinite(value)) {
            return FINEST;
        }
        double scaled = Math.abs(value);
        double resolution = 1;
        for (int decimals = 0; decimals < 6; decimals++, scaled *= 10, resolution /= 10) {
            if (Math.abs(scaled - Math.rint(scaled)) <= 1e-9 * Math.max(1, scaled)) {
                return resolution;
            }
        }
        return FINEST;
    }

    private String explanation(Series series, double value, double repeatRate) {
        String exact = new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
        String unit = series.unit() == null || series.unit().isEmpty() ? "" : " " + series.unit();
        return series.describe() + " has reported exactly " + exact + unit + " " + (run + 1) + " times in a row since "
                + Phrases.clock(Instant.ofEpochMilli(runStart)) + ", where at this hour it repeats a reading "
                + oneIn(repeatRate) + ": probably stuck";
    }

    /** "about 1 in 5,300 times" or "in 26 % of readings". */
    static String oneIn(double rate) {
        if (rate >= 0.1) {
            return "in " + Phrases.percent(rate) + " of readings";
        }
        double n = 1 / rate;
        double rounded = n >= 1000 ? Math.round(n / 100) * 100.0 : n >= 100 ? Math.round(n / 10) * 10.0 : Math.round(n);
        return String.format(java.util.Locale.ROOT, "about 1 in %,.0f times", rounded);
    }

    void write(DataOutput out) throws IOException {
        StateIo.writeAnomaly(out, open);
        out.writeInt(run);
        out.writeLong(runStart);
        writeHours(out);
        out.writeDouble(resolution);
        out.writeDouble(repeatsSeen);
        out.writeDouble(repeatsExpected);
    }

    /** Rates and step sizes as doubles, the counts (at most {@value #MEMORY}) as small ints. */
    private void writeHours(DataOutput out) throws IOException {
        int[] counts = new int[48];
        for (int h = 0; h < 24; h++) {
            out.writeDouble(hours[h * PER_HOUR + RATE]);
            out.writeDouble(hours[h * PER_HOUR + STEP]);
            counts[2 * h] = (int) hours[h * PER_HOUR + SEEN];
            counts[2 * h + 1] = (int) hours[h * PER_HOUR + STEPS];
        }
        StateIo.writeInts(out, counts);
    }

    private void readHours(DataInput in) throws IOException {
        for (int h = 0; h < 24; h++) {
            hours[h * PER_HOUR + RATE] = in.readDouble();
            hours[h * PER_HOUR + STEP] = in.readDouble();
        }
        int[] counts = new int[48];
        StateIo.readInts(in, counts);
        for (int h = 0; h < 24; h++) {
            hours[h * PER_HOUR + SEEN] = counts[2 * h];
            hours[h * PER_HOUR + STEPS] = counts[2 * h + 1];
        }
    }

    void read(DataInput in) throws IOException {
        open = StateIo.readAnomaly(in);
        run = in.readInt();
        runStart = in.readLong();
        readHours(in);
        resolution = in.readDouble();
        repeatsSeen = in.readDouble();
        repeatsExpected = in.readDouble();
    }

    /**
     * The state as layout 1 of {@code SeriesDetectorSerializer} kept it (open anomaly, run, repeat
     * rates and readings per hour): the step sizes are learnt anew, and until they are the repeat
     * rates judge alone, as they did.
     */
    void readLayout1(DataInput in) throws IOException {
        open = StateIo.readAnomaly(in);
        run = in.readInt();
        runStart = open == null ? 0 : open.startedAt().toEpochMilli();
        double[] rates = new double[24];
        int[] seen = new int[24];
        StateIo.readDoubles(in, rates);
        StateIo.readInts(in, seen);
        for (int h = 0; h < 24; h++) {
            hours[h * PER_HOUR + RATE] = rates[h];
            hours[h * PER_HOUR + SEEN] = Math.min(seen[h], MEMORY);
        }
    }
}
