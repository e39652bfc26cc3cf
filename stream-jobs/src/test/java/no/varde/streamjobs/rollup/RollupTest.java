package no.varde.streamjobs.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RollupTest {
    private static final Instant MINUTE_0 = Instant.parse("2026-11-23T03:00:00Z");
    private static final Instant MINUTE_1 = MINUTE_0.plusSeconds(60);

    private static Rollup minute(Instant bucket, int count, double min, double max, double sum, double last, Instant lastTime) {
        return new Rollup("w-1", "water.flow", bucket, count, min, max, sum, last, lastTime);
    }

    @Test
    void mergingMinutesGivesTheHour() {
        Rollup first = minute(MINUTE_0, 2, 10, 14, 24, 14, MINUTE_0.plusSeconds(30));
        Rollup second = minute(MINUTE_1, 3, 8, 20, 42, 8, MINUTE_1.plusSeconds(50));
        Rollup hour = new RollupMerge().merge(first, second).inBucket(MINUTE_0);
        assertThat(hour.count()).isEqualTo(5);
        assertThat(hour.min()).isEqualTo(8);
        assertThat(hour.max()).isEqualTo(20);
        assertThat(hour.avg()).isEqualTo(66.0 / 5);
        assertThat(hour.last()).isEqualTo(8);
        assertThat(hour.lastTime()).isEqualTo(MINUTE_1.plusSeconds(50));
        assertThat(hour.bucket()).isEqualTo(MINUTE_0);
    }

    @Test
    void lastIsTheLatestInEventTimeWhateverTheOrderOfArrival() {
        Rollup late = minute(MINUTE_0, 1, 5, 5, 5, 5, MINUTE_0.plusSeconds(59));
        Rollup early = minute(MINUTE_0, 1, 7, 7, 7, 7, MINUTE_0.plusSeconds(1));
        assertThat(late.merge(early).last()).isEqualTo(5);
        assertThat(early.merge(late).last()).isEqualTo(5);
    }

    @Test
    void mergeFunctionToleratesEmptyAccumulators() {
        RollupMerge merge = new RollupMerge();
        Rollup one = minute(MINUTE_0, 1, 1, 1, 1, 1, MINUTE_0);
        assertThat(merge.add(one, merge.createAccumulator())).isEqualTo(one);
        assertThat(merge.merge(null, one)).isEqualTo(one);
        assertThat(merge.merge(one, null)).isEqualTo(one);
    }
}
