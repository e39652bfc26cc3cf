package no.varde.streamjobs.detect;

import java.io.Serializable;

/**
 * Reports an anomaly score only when it is stronger than anything reported recently, so that a
 * long anomalous episode is told once and again only if it gets clearly worse: what NAB rewards
 * (a window counts its first detection; every later one outside it is a false positive) and what
 * an engineer wants (no flapping, no repeats).
 *
 * <p>Two rules, one per time scale:
 * <ul>
 *   <li>the ceiling of reported evidence sinks by 1/{@code memory} per reading, so a score must
 *       beat what was reported over the last hundreds of readings;</li>
 *   <li>within {@code repeatGap} readings of the last report, a new one must beat it by
 *       {@code repeatMargin}. Scores wobble by a few hundredths from reading to reading while an
 *       episode goes on (the short window's mean surprise climbs as it fills), and without this
 *       rule each wobble above a slowly sinking ceiling was a fresh report: a repeat of the same
 *       episode, and on NAB a false positive.</li>
 * </ul>
 */
public final class EpisodeReporter implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * How reports are thinned.
     *
     * @param memory       readings over which a reported score of 1 stops holding back a new report
     * @param repeatGap    readings after a report in which a new one must beat it by {@code repeatMargin}
     * @param repeatMargin how much a report within {@code repeatGap} must beat the last one by
     */
    public record Rule(int memory, int repeatGap, double repeatMargin) implements Serializable {
        public Rule {
            if (memory < 1 || repeatGap < 0 || repeatMargin < 0) {
                throw new IllegalArgumentException("memory must be ≥ 1, repeatGap and repeatMargin ≥ 0: " + memory + ", "
                        + repeatGap + ", " + repeatMargin);
            }
        }

        /** Chosen on the 24 shared NAB files (docs/anomaly-detection.md shows the neighbourhood). */
        public static Rule defaults() {
            return new Rule(1500, 70, 0.07);
        }
    }

    private final double drop;
    private final Rule rule;
    private double ceiling;
    /** Readings since the last report; starts beyond any gap. */
    private long sinceReport = Long.MAX_VALUE / 2;
    private double lastReported;

    public EpisodeReporter(Rule rule) {
        this.rule = rule;
        this.drop = 1.0 / rule.memory();
    }

    /** {@code score} if it beats the recent ceiling and, soon after a report, that report by the margin; else 0. */
    public double report(double score) {
        double previous = ceiling;
        ceiling = Math.max(ceiling - drop, score);
        sinceReport++;
        if (score <= previous) {
            return 0;
        }
        if (sinceReport <= rule.repeatGap() && score < lastReported + rule.repeatMargin()) {
            return 0;
        }
        sinceReport = 0;
        lastReported = score;
        return score;
    }
}
