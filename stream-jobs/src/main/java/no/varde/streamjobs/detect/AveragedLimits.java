package no.varde.streamjobs.detect;

import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Consumer;
import no.varde.model.anomaly.Anomaly;

/**
 * The limit rules on averages for one series, fed with hourly means: the hour's own mean, the
 * running mean of the last 8 hours, and the calendar-day mean (Norwegian time, the day the
 * regulation counts) once the day's last hour is in. Keeps the last 24 hourly means (O(1)).
 */
public final class AveragedLimits implements Serializable {
    /** A running or daily mean needs at least three quarters of its hours (as the regulation's data-capture rules do). */
    static final double COVERAGE = 0.75;
    private static final ZoneId NORWAY = ZoneId.of("Europe/Oslo");
    private static final long HOUR = 3_600_000L;

    private final double[] sums = new double[24];
    private final int[] counts = new int[24];
    private final long[] hours = new long[24];
    private final LimitTracker[] trackers;

    public AveragedLimits(List<LimitRule> rules) {
        this.trackers = rules.stream().map(LimitTracker::new).toArray(LimitTracker[]::new);
        java.util.Arrays.fill(hours, Long.MIN_VALUE);
    }

    /** The hourly rollup for the hour starting at {@code hourStart}: its sum and count of readings. */
    public void acceptHour(Series series, long hourStart, double sum, int count, Consumer<Anomaly> out) {
        long hour = Math.floorDiv(hourStart, HOUR);
        int slot = (int) Math.floorMod(hour, 24L);
        hours[slot] = hour;
        sums[slot] = sum;
        counts[slot] = count;
        long end = hourStart + HOUR;
        for (LimitTracker t : trackers) {
            double mean = switch (t.rule().average()) {
                case HOUR -> sum / count;
                case EIGHT_HOURS -> meanOfHours(hour - 7, hour);
                case DAY -> lastHourOfDay(hourStart) ? meanOfHours(firstHourOfDay(hourStart), hour) : Double.NaN;
                case NONE -> Double.NaN;
            };
            if (!Double.isNaN(mean)) {
                t.accept(series, end, mean, out);
            }
        }
    }

    private double meanOfHours(long from, long to) {
        double means = 0;
        int n = 0;
        for (long h = from; h <= to; h++) {
            int slot = (int) Math.floorMod(h, 24L);
            if (hours[slot] == h && counts[slot] > 0) {
                means += sums[slot] / counts[slot];
                n++;
            }
        }
        return n >= COVERAGE * (to - from + 1) ? means / n : Double.NaN;
    }

    private static boolean lastHourOfDay(long hourStart) {
        return Instant.ofEpochMilli(hourStart).atZone(NORWAY).getHour() == 23;
    }

    private static long firstHourOfDay(long hourStart) {
        long midnight = Instant.ofEpochMilli(hourStart).atZone(NORWAY).toLocalDate().atStartOfDay(NORWAY).toInstant().toEpochMilli();
        return Math.floorDiv(midnight, HOUR);
    }
}
