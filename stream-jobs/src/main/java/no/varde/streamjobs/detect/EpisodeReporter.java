package no.varde.streamjobs.detect;

import java.io.Serializable;

/**
 * Reports an anomaly score only when it is stronger than anything reported recently: the
 * ceiling of reported evidence sinks by 1/{@code memory} per reading. A long anomalous episode
 * is told once (and again only if it gets clearly worse), which is what NAB rewards and what an
 * engineer wants: no flapping, no repeats.
 */
public final class EpisodeReporter implements Serializable {
    /** Readings over which a reported score of 1 stops holding back a new report. */
    public static final int DEFAULT_MEMORY = 1500;

    private final double drop;
    private double ceiling;

    public EpisodeReporter(int memory) {
        this.drop = 1.0 / memory;
    }

    /** {@code score} if it beats the recent ceiling, else 0. */
    public double report(double score) {
        double previous = ceiling;
        ceiling = Math.max(ceiling - drop, score);
        return score > previous ? score : 0;
    }
}
