package no.varde.streamjobs.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;
import no.varde.model.anomaly.Anomaly;

/**
 * One series' standing among its neighbours, for {@link DriftDetector}: its own long-run mean
 * and spread (so sensors at different heights or on different roads compare in their own
 * units), the smoothed gap to the neighbours' median, the usual gap and its usual wobble, and
 * when it left the usual band (to tell a slow walk from a step). About 20 numbers, written by
 * {@link #write} (layout: {@link DriftDetector#LAYOUT}).
 */
final class DriftTrack implements Serializable {
    private static final long serialVersionUID = 1L;
    static final int HISTORY = 8;

    /** Not final: a device moved to another zone takes its track along. */
    Series series;
    /** Long-run mean and variance of the values (exponentially weighted). */
    double mean = Double.NaN;
    double variance;
    long values;
    /** Standardised value of the latest bucket. */
    double standardised;
    /** Smoothed gap to the neighbours, its usual level and usual absolute wobble around that level. */
    double smoothGap;
    double usualGap;
    double usualWobble = Double.NaN;
    long gaps;
    /**
     * Read by nothing and not in the written layout: kept only so that a checkpoint written with Kryo
     * by the build before that layout still reads (Kryo reads the fields the class has). Drop it
     * with the next layout.
     */
    final double[] recentGaps = new double[HISTORY];
    /** The latest drift score (smoothed gap beyond the usual, in usual wobbles) and when. */
    double z;
    long zAt = Long.MIN_VALUE;
    /** When the smoothed gap last left the usual band (the drift's "since"). */
    long departedAt = Long.MIN_VALUE;
    /**
     * The bucket count at that departure, from which the walk is counted; while in the usual band,
     * the count at the latest return from a silence, negated (0: none seen). One field for both
     * because a field added now would keep a checkpoint written with Kryo by the build before the
     * written layout from restoring; split it with the next layout.
     */
    long departedGaps;
    /** Whether this departure was already explained (a step, a zone event). */
    boolean explained;
    /** The latest bucket's mean and how many buckets in a row have had exactly that mean (a stuck sensor). */
    double lastValue = Double.NaN;
    int unchanged;
    Anomaly open;

    DriftTrack(Series series) {
        this.series = series;
    }

    /** Back from a silence at the current bucket, while in the usual band. */
    void resumed() {
        departedGaps = -gaps;
    }

    /**
     * Leaves the usual band at {@code at}. Within {@code minWalk} buckets of a return from a silence
     * the walk may have happened unseen, so it counts as already walked.
     */
    void depart(long at, int minWalk) {
        departedAt = at;
        boolean unseenWalk = departedGaps < 0 && gaps + departedGaps <= minWalk;
        departedGaps = unseenWalk ? gaps - minWalk : gaps;
    }

    double standardDeviation() {
        return Math.sqrt(variance);
    }

    /** The latest bucket's value, back in the series' own units. */
    double value() {
        return mean + standardised * standardDeviation();
    }

    void write(DataOutput out) throws IOException {
        StateIo.writeSeries(out, series);
        out.writeDouble(mean);
        out.writeDouble(variance);
        out.writeDouble(standardised);
        out.writeDouble(smoothGap);
        out.writeDouble(usualGap);
        out.writeDouble(usualWobble);
        out.writeDouble(z);
        out.writeDouble(lastValue);
        out.writeLong(values);
        out.writeLong(gaps);
        out.writeLong(zAt);
        out.writeLong(departedAt);
        out.writeLong(departedGaps);
        out.writeBoolean(explained);
        out.writeInt(unchanged);
        StateIo.writeAnomaly(out, open);
    }

    static DriftTrack read(DataInput in) throws IOException {
        DriftTrack t = new DriftTrack(StateIo.readSeries(in));
        t.mean = in.readDouble();
        t.variance = in.readDouble();
        t.standardised = in.readDouble();
        t.smoothGap = in.readDouble();
        t.usualGap = in.readDouble();
        t.usualWobble = in.readDouble();
        t.z = in.readDouble();
        t.lastValue = in.readDouble();
        t.values = in.readLong();
        t.gaps = in.readLong();
        t.zAt = in.readLong();
        t.departedAt = in.readLong();
        t.departedGaps = in.readLong();
        t.explained = in.readBoolean();
        t.unchanged = in.readInt();
        t.open = StateIo.readAnomaly(in);
        return t;
    }
}
