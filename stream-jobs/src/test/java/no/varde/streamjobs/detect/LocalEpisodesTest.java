package no.varde.streamjobs.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import no.varde.model.Domain;
import no.varde.model.anomaly.Anomaly;
import no.varde.model.anomaly.AnomalyKind;
import org.junit.jupiter.api.Test;

/** Local pollution episodes found by the drift detector's neighbour comparison (see {@link LocalEpisodes}). */
class LocalEpisodesTest {
    private static final long MINUTE = 60_000L;
    private static final int LEARN = 2 * 1440;
    /** The episode starts at 10:00 on the third day, builds over half an hour, lasts an hour and fades over half an hour. */
    private static final int EPISODE_START = LEARN + 600;
    private static final int BUILD = 30;
    private static final int EPISODE_END = EPISODE_START + 90;
    private static final int RUN_END = EPISODE_END + 240;
    private static final List<String> METRICS = List.of("air.pm2_5", "air.pm10", "air.no2", "air.temperature");

    /** Six air stations, each in its own zone, following the town's traffic rhythm. */
    private final Random random = new Random(7);
    private final DriftDetector detector = new DriftDetector();
    private final List<Anomaly> out = new ArrayList<>();

    /** The town's stations; {@code rising} says which (station, metric) the episode lifts. */
    private void run(java.util.function.BiPredicate<Integer, String> rising) {
        run(rising, RUN_END);
    }

    /** ... up to bucket {@code end}. */
    private void run(java.util.function.BiPredicate<Integer, String> rising, int end) {
        List<List<Series>> stations = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            List<Series> s = new ArrayList<>();
            for (String m : METRICS) {
                s.add(new Series("air-" + i, m, m.equals("air.temperature") ? "°C" : "µg/m3", Domain.AIR, "Zone" + i));
            }
            stations.add(s);
        }
        for (int b = 0; b < end; b++) {
            double rush = Math.max(0, Math.sin(2 * Math.PI * (b % 1440 - 360) / 1440));
            for (int i = 0; i < stations.size(); i++) {
                for (Series series : stations.get(i)) {
                    String m = series.metric();
                    double base = m.equals("air.temperature") ? 3 + 4 * rush : (8 + i) * (1 + 0.8 * rush);
                    double noise = m.equals("air.temperature") ? 0.2 : 0.6;
                    double v = base + noise * random.nextGaussian();
                    if (rising.test(i, m)) {
                        v *= 1 + 1.5 * envelope(b);
                    }
                    detector.accept(series, b * MINUTE, v, out::add);
                }
            }
        }
        detector.flush(out::add);
    }

    private static double envelope(int b) {
        if (b < EPISODE_START || b >= EPISODE_END + BUILD) {
            return 0;
        }
        return b < EPISODE_START + BUILD ? (b - EPISODE_START) / (double) BUILD
                : b < EPISODE_END ? 1 : 1 - (b - EPISODE_END) / (double) BUILD;
    }

    private List<Anomaly> of(AnomalyKind kind) {
        return out.stream().filter(a -> a.kind() == kind).toList();
    }

    @Test
    void twoPollutantsRisingTogetherAtOneStationAreALocalEpisodeNotADrift() {
        run((i, m) -> i == 2 && (m.equals("air.pm2_5") || m.equals("air.pm10")));

        List<Anomaly> episodes = of(AnomalyKind.POLLUTION_EPISODE);
        assertThat(episodes).isNotEmpty();
        Anomaly opened = episodes.get(0);
        assertThat(opened.status()).isEqualTo(Anomaly.Status.OPEN);
        assertThat(opened.deviceIds()).containsExactly("air-2");
        assertThat(opened.zone()).isEqualTo("Zone2");
        // Found while the episode builds, not after it has peaked.
        assertThat(opened.updatedAt().toEpochMilli() / MINUTE).isBetween((long) EPISODE_START, (long) EPISODE_START + BUILD);
        assertThat(opened.explanation()).contains("air.pm").contains(" and ").contains("higher than usual relative to the town's other air stations at air-2")
                .contains("(Oslo time)").contains("local pollution episode");
        Anomaly last = episodes.get(episodes.size() - 1);
        assertThat(last.id()).isEqualTo(opened.id());
        assertThat(last.status()).isEqualTo(Anomaly.Status.CLOSED);
        assertThat(last.explanation()).contains("back in line with the other stations");
        assertThat(episodes).extracting(Anomaly::id).containsOnly(opened.id());
        assertThat(of(AnomalyKind.DRIFT)).isEmpty();
        assertThat(detector.hasOpen()).isFalse();
    }

    @Test
    void onePollutantRisingAloneIsNoEpisode() {
        run((i, m) -> i == 2 && m.equals("air.no2"));
        assertThat(of(AnomalyKind.POLLUTION_EPISODE)).isEmpty();
    }

    @Test
    void theWholeTownRisingTogetherIsNotALocalEpisode() {
        // An inversion lifts every station: the zone composite's business, not a local episode.
        run((i, m) -> !m.equals("air.temperature"));
        assertThat(of(AnomalyKind.POLLUTION_EPISODE)).isEmpty();
        assertThat(of(AnomalyKind.DRIFT)).isEmpty();
    }

    @Test
    void aStationThatStopsReportingInAnEpisodeHasItClosed() {
        int stop = EPISODE_START + 60;
        run((i, m) -> i == 2 && !m.equals("air.temperature"), stop);
        assertThat(detector.hasOpen()).isTrue();
        detector.forget(stop * MINUTE, out::add);
        Anomaly last = of(AnomalyKind.POLLUTION_EPISODE).get(of(AnomalyKind.POLLUTION_EPISODE).size() - 1);
        assertThat(last.status()).isEqualTo(Anomaly.Status.CLOSED);
        assertThat(last.explanation()).endsWith("the station stopped reporting");
        assertThat(detector.hasOpen()).isFalse();
    }
}
