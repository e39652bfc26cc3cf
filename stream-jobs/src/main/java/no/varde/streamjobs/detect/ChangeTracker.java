package no.varde.streamjobs.detect;

import java.io.Serializable;

/**
 * How unusual the change of a series over its last few readings is for this half-hour of the
 * day. Most of what a forecast misses is slow (a warmer day, a later morning), and it persists
 * from reading to reading, so a level far from the forecast says little; a burst main, a jam or
 * a smoke plume shows as a change over minutes that the same half-hour on other days (working
 * days and weekends apart) did not have. Keeps the last {@value #SPAN} values and, per half-hour, the usual change and its spread.
 */
final class ChangeTracker implements Serializable {
    /** Readings the change is measured over (five minutes at one a minute). */
    static final int SPAN = 5;
    /** Half-hours of a working day, then of a weekend day: a Saturday morning wakes later than a Tuesday. */
    private static final int SLOTS = 96;
    /** Weight of a new change in its half-hour's statistics (readings of other days dominate). */
    private static final double ALPHA = 0.02;
    /** A half-hour's spread is taken as at least this share of the series' overall one. */
    private static final double FLOOR = 0.25;

    private final double[] recent = new double[SPAN];
    private int at;
    private int filled;
    private final double[] meanChange = new double[SLOTS];
    private final double[] spread = new double[SLOTS];
    private final int[] seen = new int[SLOTS];
    private double overallSpread;

    private double before = Double.NaN;
    private double expectedChange;
    private double z;

    /** Takes a reading; afterwards {@link #z()} says how unusual the change up to it was. */
    void accept(long millis, double value) {
        z = 0;
        before = Double.NaN;
        if (filled == SPAN) {
            before = recent[at];
            double change = value - before;
            int slot = slot(millis);
            double s = Math.max(spread[slot], FLOOR * overallSpread);
            expectedChange = meanChange[slot];
            if (seen[slot] >= SPAN && s > 0) {
                z = (change - expectedChange) / (1.25 * s);
            }
            double error = change - meanChange[slot];
            double clipped = s > 0 ? Math.max(-4 * s, Math.min(4 * s, error)) : error;
            double alpha = Math.max(1.0 / (seen[slot] + 1), ALPHA);
            meanChange[slot] += alpha * clipped;
            spread[slot] += alpha * (Math.abs(clipped) - spread[slot]);
            overallSpread += Math.max(1.0 / (seen[slot] + 1), ALPHA / SLOTS) * (Math.abs(clipped) - overallSpread);
            seen[slot]++;
        }
        recent[at] = value;
        at = (at + 1) % SPAN;
        filled = Math.min(SPAN, filled + 1);
    }

    static int slot(long millis) {
        int halfHour = (int) Math.floorMod(millis / 1_800_000L, 48L);
        long day = Math.floorDiv(millis, 86_400_000L);
        boolean weekend = Math.floorMod(day + 3, 7L) >= 5; // 1970-01-01 was a Thursday: +3 makes Monday 0
        return weekend ? 48 + halfHour : halfHour;
    }

    /** The change over the last {@value #SPAN} readings, in usual spreads from the usual change at this time of day. */
    double z() {
        return z;
    }

    void write(java.io.DataOutput out) throws java.io.IOException {
        StateIo.writeDoubles(out, recent);
        out.writeInt(at);
        out.writeInt(filled);
        StateIo.writeDoubles(out, meanChange);
        StateIo.writeDoubles(out, spread);
        StateIo.writeInts(out, seen);
        out.writeDouble(overallSpread);
        out.writeDouble(before);
        out.writeDouble(expectedChange);
        out.writeDouble(z);
    }

    void read(java.io.DataInput in) throws java.io.IOException {
        StateIo.readDoubles(in, recent);
        at = in.readInt();
        filled = in.readInt();
        StateIo.readDoubles(in, meanChange);
        StateIo.readDoubles(in, spread);
        StateIo.readInts(in, seen);
        overallSpread = in.readDouble();
        before = in.readDouble();
        expectedChange = in.readDouble();
        z = in.readDouble();
    }

    /** The value {@value #SPAN} readings ago (NaN until known). */
    double before() {
        return before;
    }

    /** What this reading would have been had the change been the usual one. */
    double expected() {
        return before + expectedChange;
    }
}
