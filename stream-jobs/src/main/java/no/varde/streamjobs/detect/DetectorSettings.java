package no.varde.streamjobs.detect;

import java.io.Serializable;

/**
 * The knobs of {@link AdaptiveDetector}, one configuration for every series (no per-series
 * tuning): the NAB corpus and the simulated town are scored with the same values. The defaults
 * were chosen on the 24-file NAB subset in ../shared/nab (see docs/anomaly-detection.md for the
 * neighbourhood of each value, which shows how sensitive the score is to it).
 *
 * @param warmup             readings learnt before scores are given
 * @param levelAlpha         smallest weight of a new reading in the level
 * @param rhythmAlpha        smallest weight of a new reading in its daily or weekly slot
 * @param errorHalfLife      readings over which the usual forecast error halves its memory
 * @param surpriseMemory     readings in the long-run surprise distribution
 * @param shortWindow        readings in the short window of recent surprise
 * @param windowSpreadFactor widens the short window's spread (surprise is autocorrelated)
 * @param pointScale         scales a single reading's surprise before its tail probability
 * @param rhythmAdvantage    how much better a rhythm must forecast before it replaces the flat level
 * @param scaleFloor         relative floor under the usual error, so a perfectly flat series is not infinitely sensitive
 * @param quantile           the share of a series' own surprise taken as usual (counted as 2.58 sigma)
 * @param learningClip       a reading is learnt as at most this many usual errors from the forecast
 */
public record DetectorSettings(int warmup, double levelAlpha, double rhythmAlpha, double errorHalfLife, int surpriseMemory,
                               int shortWindow, double windowSpreadFactor, double pointScale, double rhythmAdvantage,
                               double scaleFloor, double quantile, double learningClip) implements Serializable {

    public static DetectorSettings defaults() {
        return new DetectorSettings(100, 0.02, 0.1, 200, 2000, 40, 1.0, 0.85, 0.8, 0.001, 0.995, 8);
    }
}
