package no.varde.streamjobs.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import no.varde.model.Domain;
import no.varde.model.anomaly.Anomaly;
import no.varde.model.anomaly.AnomalyKind;
import org.junit.jupiter.api.Test;

/**
 * Drift at traffic counting sites (the count against the flow its occupancy and speed imply),
 * through {@link DriftDetector}: four sites with working-day rush hours, where speed falls and
 * occupancy rises faster than the count.
 */
class LoopDriftTest {
    private static final long MINUTE = 60_000L;
    // Named moments: two days of 1-minute buckets to learn from, then 10:00 on the third day.
    private static final int LEARN = 2 * 1440;
    private static final int TEST_START = LEARN + 600;
    private static final int RAMP = 120;
    private static final int SITES = 4;

    /** What is done to site 2 from bucket b on: added to its count, its occupancy, or its speed and occupancy (a crash). */
    private interface Fault {
        double count(int b);

        default double occupancy(int b) {
            return 0;
        }

        default double speedFactor(int b) {
            return 1;
        }

        default boolean occupancyStuck(int b) {
            return false;
        }
    }

    private final DriftDetector detector = new DriftDetector();
    private final List<Anomaly> out = new ArrayList<>();
    private final Random random = new Random(9);

    private static double bump(double h, double centre, double width) {
        double d = Math.abs(h - centre);
        d = Math.min(d, 24 - d);
        return Math.exp(-0.5 * d * d / (width * width));
    }

    private void run(int end, Fault fault) {
        double stuckAt = Double.NaN;
        for (int b = 0; b < end; b++) {
            double h = (b % 1440) / 60.0;
            double profile = Math.min(1, 0.04 + 0.96 * bump(h, 7.5, 1.1) + 0.9 * bump(h, 15.75, 1.4) + 0.4 * bump(h, 12, 2.5));
            for (int s = 0; s < SITES; s++) {
                boolean faulty = s == 2;
                double volume = 1800 * (0.7 + 0.05 * s) * profile; // vehicles an hour
                double free = 50 + 10 * s;
                double x = volume / 1800;
                double trueSpeed = free / (1 + 0.15 * Math.pow(x, 4)) * (faulty ? fault.speedFactor(b) : 1);
                double count = Math.max(0, Math.round(volume / 60 + Math.sqrt(volume / 60) * random.nextGaussian()));
                double occupancy = volume * 6.5 / (trueSpeed * 1000) * 100 + random.nextGaussian();
                double speed = Math.max(1, trueSpeed + 2.5 * random.nextGaussian());
                if (faulty) {
                    count = Math.max(0, count + fault.count(b));
                    occupancy += fault.occupancy(b);
                    if (fault.occupancyStuck(b)) {
                        stuckAt = Double.isNaN(stuckAt) ? occupancy : stuckAt;
                        occupancy = stuckAt;
                    }
                }
                String site = "t-" + s;
                String zone = "Zone" + s;
                detector.accept(new Series(site, LoopDrift.COUNT, "veh", Domain.TRAFFIC, zone), b * MINUTE, count, out::add);
                detector.accept(new Series(site, LoopDrift.OCCUPANCY, "%", Domain.TRAFFIC, zone), b * MINUTE, occupancy, out::add);
                detector.accept(new Series(site, LoopDrift.SPEED, "km/h", Domain.TRAFFIC, zone), b * MINUTE, speed, out::add);
            }
        }
        detector.flush(out::add);
    }

    private List<Anomaly> drifts() {
        return out.stream().filter(a -> a.kind() == AnomalyKind.DRIFT).toList();
    }

    private static double ramp(int b, double size) {
        return b < TEST_START ? 0 : size * Math.min(1.0, (b - TEST_START) / (double) RAMP);
    }

    @Test
    void rushHoursAtFourSitesAreNoDrift() {
        // Three working days: at the peaks speed falls by up to 13 % and occupancy rises that much more than the count.
        run(3 * 1440, b -> 0);
        assertThat(drifts()).isEmpty();
        assertThat(detector.size()).isEqualTo(3 * SITES);
    }

    @Test
    void aCountWalkingAwayFromItsOccupancyIsADriftOfTheSiteThatClosesWhenRecalibrated() {
        int recalibrated = TEST_START + RAMP + 60;
        run(recalibrated + 180, b -> b < recalibrated ? ramp(b, 12) : 0);
        List<Anomaly> drifts = drifts();
        assertThat(drifts).isNotEmpty();
        Anomaly opened = drifts.get(0);
        assertThat(opened.deviceIds()).containsExactly("t-2");
        assertThat(opened.metric()).as("either measurement may be the one that walked").isNull();
        assertThat(opened.updatedAt().toEpochMilli() / MINUTE).isBetween((long) TEST_START, (long) TEST_START + RAMP);
        assertThat(opened.explanation()).startsWith("traffic.vehicle_count and traffic.occupancy at t-2 (zone Zone2) have drifted apart since")
                .contains("the count stands").contains(" above what an occupancy of ").contains("one of the loop's two measurements");
        Anomaly last = drifts.get(drifts.size() - 1);
        assertThat(last.id()).isEqualTo(opened.id());
        assertThat(last.status()).isEqualTo(Anomaly.Status.CLOSED);
        assertThat(last.explanation()).contains("back in line with its occupancy");
    }

    @Test
    void anOccupancyWalkingAwayIsFoundToo() {
        run(TEST_START + RAMP + 60, new Fault() {
            @Override
            public double count(int b) {
                return 0;
            }

            @Override
            public double occupancy(int b) {
                return ramp(b, 8);
            }
        });
        assertThat(drifts()).extracting(a -> a.deviceIds().get(0)).containsExactly("t-2");
        assertThat(drifts().get(0).explanation()).contains(" below what an occupancy of ");
    }

    @Test
    void aCrashMovesSpeedOccupancyAndCountAtOnceAndIsNoDrift() {
        run(TEST_START + 180, new Fault() {
            @Override
            public double count(int b) {
                return b >= TEST_START && b < TEST_START + 60 ? -8 : 0;
            }

            @Override
            public double occupancy(int b) {
                return b >= TEST_START && b < TEST_START + 60 ? 40 : 0;
            }

            @Override
            public double speedFactor(int b) {
                return b >= TEST_START && b < TEST_START + 60 ? 0.2 : 1;
            }
        });
        assertThat(drifts()).isEmpty();
    }

    @Test
    void aStuckOccupancyIsTheFlatlineDetectorsBusiness() {
        // Stuck at its 10:00 value into the afternoon rush: the count parts from it, but the occupancy does not move.
        run(TEST_START + 420, new Fault() {
            @Override
            public double count(int b) {
                return 0;
            }

            @Override
            public boolean occupancyStuck(int b) {
                return b >= TEST_START;
            }
        });
        assertThat(drifts()).isEmpty();
    }
}
