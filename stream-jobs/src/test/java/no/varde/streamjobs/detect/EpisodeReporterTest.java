package no.varde.streamjobs.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EpisodeReporterTest {
    /** A short memory, a 10-reading repeat gap, a margin of 0.05. */
    private static final EpisodeReporter.Rule RULE = new EpisodeReporter.Rule(100, 10, 0.05);

    /** The indices at which {@code scores} were reported. */
    private static List<Integer> reported(EpisodeReporter.Rule rule, double... scores) {
        EpisodeReporter reporter = new EpisodeReporter(rule);
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            double out = reporter.report(scores[i]);
            if (out > 0) {
                assertThat(out).isEqualTo(scores[i]);
                at.add(i);
            }
        }
        return at;
    }

    @Test
    void anEpisodeThatWobblesUpwardIsReportedOnce() {
        // Each reading beats the sinking ceiling by a hundredth or two: the same episode, not a new one.
        assertThat(reported(RULE, 0, 0.50, 0.51, 0.53, 0.52, 0.54, 0.53, 0.0, 0.0)).containsExactly(1);
        // Without the repeat rule every one of those rises was a report of its own.
        assertThat(reported(new EpisodeReporter.Rule(100, 0, 0), 0, 0.50, 0.51, 0.53, 0.52, 0.54, 0.53)).containsExactly(1, 2, 3, 5);
    }

    @Test
    void anEpisodeThatGetsClearlyWorseIsReportedAgain() {
        assertThat(reported(RULE, 0, 0.50, 0.52, 0.56, 0.58, 0.70)).containsExactly(1, 3, 5);
    }

    @Test
    void afterTheGapANewPeakAboveTheSinkingCeilingIsANewEpisode() {
        double[] scores = new double[30];
        scores[1] = 0.5;
        scores[11] = 0.49; // 10 readings later, within the gap: the ceiling (0.5 − 10/100 = 0.4) is beaten, the margin is not
        scores[12] = 0.495; // 11 readings later: past the gap, and above the ceiling (now 0.49)
        assertThat(reported(RULE, scores)).containsExactly(1, 12);
    }

    @Test
    void theSinkingCeilingStillHoldsBackWhatIsWeakerThanRecentReports() {
        double[] scores = new double[60];
        scores[1] = 0.9;
        scores[40] = 0.6; // ceiling 0.9 − 39/100 = 0.51: reported
        scores[41] = 0.3; // below the ceiling: not reported, whatever the gap
        scores[59] = 0.4; // ceiling 0.6 − 19/100 = 0.41: not reported
        assertThat(reported(RULE, scores)).containsExactly(1, 40);
    }

    @Test
    void aRuleOutsideItsRangeIsRefusedWithTheValues() {
        assertThatThrownBy(() -> new EpisodeReporter.Rule(0, 10, 0.05)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0, 10, 0.05");
        assertThatThrownBy(() -> new EpisodeReporter.Rule(100, -1, 0.05)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EpisodeReporter.Rule(100, 10, -0.1)).isInstanceOf(IllegalArgumentException.class);
    }
}
