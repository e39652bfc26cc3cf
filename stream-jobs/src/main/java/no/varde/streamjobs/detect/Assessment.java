package no.varde.streamjobs.detect;

import java.io.Serializable;

/**
 * How one reading's recent change compares with the usual change at this time of day: the input
 * of the composite detectors. {@code before} is the value a few readings ago, {@code expected}
 * what the value would be now after the usual change, and {@code deviation} the change's
 * distance from usual in usual spreads, so +4 means "rose far more than it normally does now".
 */
public record Assessment(Series series, long eventMillis, double value, double expected, double before, double deviation)
        implements Serializable {

    public boolean above(double threshold) {
        return deviation >= threshold;
    }

    public boolean below(double threshold) {
        return deviation <= -threshold;
    }
}
