package no.varde.streamjobs.detect;

import java.io.Serializable;

/**
 * The recent distribution of a non-negative quantity in a fixed number of log-spaced buckets,
 * older samples fading with a given memory. Fixed size (O(1) per series) and O(1) to update:
 * instead of shrinking every bucket per sample, each new sample weighs a little more, and all
 * weights are rescaled once they grow large.
 */
final class DecayingHistogram implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int BUCKETS = 48;
    private static final double SMALLEST = 0.01;
    private static final double GROWTH = 1.25;
    private static final double LOG_GROWTH = Math.log(GROWTH);

    private final double[] weights = new double[BUCKETS];
    private final double growth;
    private double increment = 1;
    private double total;

    DecayingHistogram(int memory) {
        this.growth = 1.0 / (1.0 - 1.0 / memory);
    }

    void add(double value) {
        weights[bucket(value)] += increment;
        total += increment;
        increment *= growth;
        if (increment > 1e100) {
            for (int i = 0; i < BUCKETS; i++) {
                weights[i] /= increment;
            }
            total /= increment;
            increment = 1;
        }
    }

    /** The value below which a share {@code q} of the recent samples lies (upper bucket edge). */
    double quantile(double q) {
        double above = (1 - q) * total;
        double seen = 0;
        for (int i = BUCKETS - 1; i > 0; i--) {
            seen += weights[i];
            if (seen > above) {
                return upperEdge(i);
            }
        }
        return upperEdge(0);
    }

    /** Its weights and scale ({@code growth} follows from the memory it was made with). */
    void write(java.io.DataOutput out) throws java.io.IOException {
        StateIo.writeDoubles(out, weights);
        out.writeDouble(increment);
        out.writeDouble(total);
    }

    void read(java.io.DataInput in) throws java.io.IOException {
        StateIo.readDoubles(in, weights);
        increment = in.readDouble();
        total = in.readDouble();
    }

    boolean isEmpty() {
        return total == 0;
    }

    private static int bucket(double value) {
        if (!(value > SMALLEST)) {
            return 0;
        }
        int b = 1 + (int) (Math.log(value / SMALLEST) / LOG_GROWTH);
        return Math.min(b, BUCKETS - 1);
    }

    private static double upperEdge(int bucket) {
        return SMALLEST * Math.pow(GROWTH, bucket);
    }
}
