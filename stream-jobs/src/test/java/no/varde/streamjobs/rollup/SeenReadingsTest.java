package no.varde.streamjobs.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeenReadingsTest {
    private static final long T0_MICROS = 1_700_000_000_000_000L;

    @Test
    void inOrderReadingsAreWrittenInPlaceAndTheArrayGrowsOnlyNowAndThen() {
        long[] seen = SeenReadings.empty();
        int arrays = 1;
        for (int i = 0; i < 1_000; i++) {
            long[] next = SeenReadings.add(seen, T0_MICROS + i * 500_000L, i * 500L);
            if (next != seen) {
                arrays++;
            }
            seen = next;
        }
        // Two minutes at two readings a second are remembered (240), the rest forgotten; the array
        // was replaced a handful of times, not once per reading as in the earlier layout.
        assertThat(SeenReadings.size(seen)).isBetween(240, 242);
        assertThat(arrays).isLessThan(10);
        assertThat(SeenReadings.contains(seen, T0_MICROS + 999 * 500_000L)).isTrue();
        assertThat(SeenReadings.contains(seen, T0_MICROS + 700 * 500_000L)).isFalse();
        assertThat(SeenReadings.newestMillis(seen)).isEqualTo((T0_MICROS + 999 * 500_000L) / 1000);
    }

    @Test
    void outOfOrderReadingsAreFoundAndTheNewestStaysTheNewest() {
        long[] seen = SeenReadings.empty();
        for (long offset : new long[] {5, 1, 9, 3, 7}) {
            seen = SeenReadings.add(seen, T0_MICROS + offset * 1_000_000L, 0);
        }
        for (long offset : new long[] {1, 3, 5, 7, 9}) {
            assertThat(SeenReadings.contains(seen, T0_MICROS + offset * 1_000_000L)).isTrue();
        }
        assertThat(SeenReadings.contains(seen, T0_MICROS + 2_000_000L)).isFalse();
        assertThat(SeenReadings.newestMillis(seen)).isEqualTo(T0_MICROS / 1000 + 9_000);
    }

    @Test
    void theEarlierLayoutFromAnOlderCheckpointIsReadAsTheSameReadings() {
        // Pairs from slot 0: (event micros, arrival millis), sorted by event time.
        long[] earlier = {T0_MICROS, 10, T0_MICROS + 1_000_000L, 20, T0_MICROS + 2_000_000L, 30};
        long[] seen = SeenReadings.of(earlier);
        assertThat(SeenReadings.size(seen)).isEqualTo(3);
        assertThat(SeenReadings.contains(seen, T0_MICROS + 1_000_000L)).isTrue();
        assertThat(SeenReadings.newestMillis(seen)).isEqualTo(T0_MICROS / 1000 + 2_000);
        assertThat(SeenReadings.of(seen)).isSameAs(seen);
        assertThat(SeenReadings.size(SeenReadings.of(null))).isZero();
    }
}
