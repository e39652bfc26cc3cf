package no.varde.simulator.city;

import java.util.SplittableRandom;

/**
 * Deterministic noise: the same (seed, key, index) always gives the same number, whatever order
 * or thread asks. Values therefore depend only on the scenario's seed, the series and the
 * simulated time, never on scheduling, which is what makes a simulation repeatable.
 */
public final class Noise {
    private final long seed;

    public Noise(long seed) {
        this.seed = seed;
    }

    /** A standard normal number for (key, index). */
    public double gaussian(String key, long index) {
        return new SplittableRandom(mix(key, index)).nextGaussian();
    }

    /** A uniform number in [0, 1) for (key, index). */
    public double uniform(String key, long index) {
        return new SplittableRandom(mix(key, index)).nextDouble();
    }

    /**
     * Smooth noise with standard deviation about 1 that wanders on the scale of {@code periodSeconds}:
     * gaussian knots every period, joined by cosine interpolation. Used for weather and slow drift.
     */
    public double smooth(String key, long epochSecond, long periodSeconds) {
        long knot = Math.floorDiv(epochSecond, periodSeconds);
        double fraction = (epochSecond - knot * periodSeconds) / (double) periodSeconds;
        double weight = (1 - Math.cos(fraction * Math.PI)) / 2;
        return gaussian(key, knot) * (1 - weight) + gaussian(key, knot + 1) * weight;
    }

    private long mix(String key, long index) {
        long h = seed * 0x9E3779B97F4A7C15L + key.hashCode();
        h ^= index * 0xC2B2AE3D27D4EB4FL;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return h;
    }
}
