package no.varde.streamjobs.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import no.varde.model.Domain;
import no.varde.model.anomaly.Anomaly;
import no.varde.model.anomaly.AnomalyKind;
import org.junit.jupiter.api.Test;

class DriftDetectorTest {
    private static final long MINUTE = 60_000L;
    /** Two days of 1-minute buckets to learn from, then the day under test. */
    private static final int LEARN = 2 * 1440;
    private static final int TEST_START = LEARN + 600;
    private static final int RAMP = 120;

    /** Six pressure loggers, each in its own zone unless {@code sameZone}, rising and falling with the town's demand. */
    private static class Town {
        final List<Series> pressure = new ArrayList<>();
        final List<Series> flow = new ArrayList<>();
        final Random random = new Random(42);
        final DriftDetector detector = new DriftDetector();
        final List<Anomaly> out = new ArrayList<>();

        Town(boolean sameZoneForFirstTwo, boolean withFlow) {
            for (int i = 0; i < 6; i++) {
                String zone = sameZoneForFirstTwo && i < 2 ? "Nord" : "Zone" + i;
                pressure.add(new Series("p-" + i, "water.pressure", "bar", Domain.WATER, zone));
                if (withFlow) {
                    flow.add(new Series("p-" + i, "water.flow", "m3/h", Domain.WATER, zone));
                }
            }
        }

        /** Runs until {@code end}; {@code extra} adds a change to sensor i at bucket b. */
        void run(int end, BiFunction<Integer, Integer, Double> extra, BiFunction<Integer, Integer, Double> extraFlow) {
            run(end, extra, extraFlow, b -> 1.0);
        }

        /** ... with the town's demand scaled by {@code demandScale} (a hot day). */
        void run(int end, BiFunction<Integer, Integer, Double> extra, BiFunction<Integer, Integer, Double> extraFlow,
                 java.util.function.IntToDoubleFunction demandScale) {
            for (int b = 0; b < end; b++) {
                double demand = demandScale.applyAsDouble(b) * Math.sin(2 * Math.PI * b / 1440);
                for (int i = 0; i < pressure.size(); i++) {
                    double v = 4 + 0.3 * i - (0.4 + 0.05 * i) * demand + 0.02 * random.nextGaussian() + extra.apply(i, b);
                    detector.accept(pressure.get(i), b * MINUTE, v, out::add);
                    if (!flow.isEmpty()) {
                        double f = 100 + 10 * i + 40 * demand + 2 * random.nextGaussian() + extraFlow.apply(i, b);
                        detector.accept(flow.get(i), b * MINUTE, f, out::add);
                    }
                }
            }
            detector.flush(out::add);
        }

        List<Anomaly> drifts() {
            return out.stream().filter(a -> a.kind() == AnomalyKind.DRIFT).toList();
        }
    }

    private static double ramp(int b, double size) {
        return b < TEST_START ? 0 : size * Math.min(1.0, (b - TEST_START) / (double) RAMP);
    }

    @Test
    void aSensorWalkingAwayFromTheOthersIsADriftThatClosesWhenItIsRecalibrated() {
        Town town = new Town(false, false);
        int recalibrated = TEST_START + RAMP + 60;
        town.run(recalibrated + 120, (i, b) -> i == 3 && b < recalibrated ? ramp(b, 0.5) : 0.0, (i, b) -> 0.0);

        List<Anomaly> drifts = town.drifts();
        assertThat(drifts).isNotEmpty();
        Anomaly opened = drifts.get(0);
        assertThat(opened.deviceIds()).containsExactly("p-3");
        assertThat(opened.status()).isEqualTo(Anomaly.Status.OPEN);
        assertThat(opened.updatedAt().toEpochMilli() / MINUTE).isBetween((long) TEST_START, (long) TEST_START + RAMP);
        assertThat(opened.explanation()).contains("water.pressure at p-3 (zone Zone3) has drifted").contains("above the other 5")
                .contains("(Oslo time)").contains("a sensor drifting off its calibration is likely");
        Anomaly last = drifts.get(drifts.size() - 1);
        assertThat(last.id()).isEqualTo(opened.id());
        assertThat(last.status()).isEqualTo(Anomaly.Status.CLOSED);
        assertThat(last.explanation()).contains("back in line with its neighbours");
        assertThat(town.detector.hasOpen()).isFalse();
    }

    @Test
    void aSensorMovedToAnotherZoneDriftsInItsNewZone() {
        Town town = new Town(false, false);
        town.run(TEST_START + RAMP + 60, (i, b) -> {
            if (i == 3 && b == TEST_START) {
                town.pressure.set(3, new Series("p-3", "water.pressure", "bar", Domain.WATER, "Moved")); // the registry moved it
            }
            return i == 3 ? ramp(b, 0.5) : 0.0;
        }, (i, b) -> 0.0);
        assertThat(town.drifts()).isNotEmpty().allSatisfy(a -> assertThat(a.zone()).isEqualTo("Moved"));
        assertThat(town.drifts().get(0).explanation()).contains("p-3 (zone Moved)");
    }

    @Test
    void theWholeTownMovingTogetherIsNoDrift() {
        // A hot afternoon: demand 60 % above usual everywhere, every logger's pressure falls further than usual.
        Town town = new Town(false, false);
        town.run(TEST_START + RAMP + 240, (i, b) -> 0.0, (i, b) -> 0.0, b -> 1 + ramp(b, 0.6));
        assertThat(town.drifts()).isEmpty();
    }

    @Test
    void aStepIsNoDriftButTheOtherDetectorsBusiness() {
        Town town = new Town(false, false);
        town.run(TEST_START + RAMP + 120, (i, b) -> i == 3 && b >= TEST_START ? 0.5 : 0.0, (i, b) -> 0.0);
        assertThat(town.drifts()).isEmpty();
    }

    @Test
    void aSensorBackFromASilenceAlreadyApartDriftedUnseenButOneBackFromAShortGapStepped() {
        // Silent for two hours (a dropout), it comes back 0.5 bar above where the others say it belongs and stays there.
        int back = TEST_START + 120;
        Town town = new Town(false, false);
        town.run(back + 120, (i, b) -> i != 3 ? 0.0 : b >= TEST_START && b < back ? Double.NaN : b >= back ? 0.5 : 0.0, (i, b) -> 0.0);
        assertThat(town.drifts()).isNotEmpty().allSatisfy(a -> assertThat(a.deviceIds()).containsExactly("p-3"));
        assertThat(town.drifts().get(0).updatedAt().toEpochMilli() / MINUTE).isBetween((long) back, (long) back + 60);
        // The same after 10 silent minutes (less than a walk takes) is a step, the other detectors' business.
        int stepped = TEST_START + 10;
        Town brief = new Town(false, false);
        brief.run(stepped + 120, (i, b) -> i != 3 ? 0.0 : b >= TEST_START && b < stepped ? Double.NaN : b >= stepped ? 0.5 : 0.0,
                (i, b) -> 0.0);
        assertThat(brief.drifts()).isEmpty();
    }

    @Test
    void aStuckSensorIsTheFlatlineDetectorsBusinessNotADrift() {
        // Stuck at its 10:00 value while the others follow the afternoon's demand: it walks away from them, but it does not move.
        double[] frozen = new double[1];
        Town stuck = new Town(false, false) {
            @Override
            void run(int end, BiFunction<Integer, Integer, Double> extra, BiFunction<Integer, Integer, Double> extraFlow) {
                for (int b = 0; b < end; b++) {
                    double demand = Math.sin(2 * Math.PI * b / 1440);
                    for (int i = 0; i < pressure.size(); i++) {
                        double v = 4 + 0.3 * i - (0.4 + 0.05 * i) * demand + 0.02 * random.nextGaussian();
                        if (i == 3 && b == TEST_START) {
                            frozen[0] = v;
                        }
                        detector.accept(pressure.get(i), b * MINUTE, i == 3 && b >= TEST_START ? frozen[0] : v, out::add);
                    }
                }
                detector.flush(out::add);
            }
        };
        stuck.run(TEST_START + 480, (i, b) -> 0.0, (i, b) -> 0.0);
        assertThat(stuck.drifts()).isEmpty();
    }

    @Test
    void twoSensorsOfOneZoneWalkingTogetherAreAZoneEventNotADrift() {
        Town town = new Town(true, false);
        town.run(TEST_START + RAMP + 120, (i, b) -> i < 2 ? ramp(b, 0.5) : 0.0, (i, b) -> 0.0);
        assertThat(town.drifts()).isEmpty();
    }

    @Test
    void aDeviceWhoseOtherMetricMovesTooHasAPhysicalCauseNotADrift() {
        Town town = new Town(false, true);
        town.run(TEST_START + RAMP + 120, (i, b) -> i == 3 ? -ramp(b, 0.5) : 0.0, (i, b) -> i == 3 ? ramp(b, 60) : 0.0);
        assertThat(town.drifts()).isEmpty();
        // Without the flow moving, the same pressure walk is a drift (so the check above is what stopped it).
        Town alone = new Town(false, true);
        alone.run(TEST_START + RAMP + 120, (i, b) -> i == 3 ? -ramp(b, 0.5) : 0.0, (i, b) -> 0.0);
        assertThat(alone.drifts()).extracting(a -> a.deviceIds().get(0) + " " + a.metric()).contains("p-3 water.pressure");
    }

    @Test
    void trafficCountsAreNotComparedWithOtherRoadsAndSilentSeriesAreForgotten() {
        // A loop's count is judged only against its own occupancy (LoopDriftTest); with other roads' counts, never.
        DriftDetector d = new DriftDetector();
        List<Anomaly> out = new ArrayList<>();
        for (int b = 0; b < 3 * 1440; b++) {
            for (int site = 0; site < 4; site++) {
                double count = site == 0 && b > 2 * 1440 ? 40 + b % 7 : 10 + 5 * Math.sin(2 * Math.PI * b / 1440) + b % 3;
                d.accept(new Series("t-" + site, "traffic.vehicle_count", "veh", Domain.TRAFFIC, "Nord"), b * MINUTE, count, out::add);
            }
        }
        d.flush(out::add);
        assertThat(out).isEmpty();
        assertThat(d.size()).isEqualTo(4);
        d.forget(3 * 1440 * MINUTE, out::add);
        assertThat(d.size()).isZero();
        Town town = new Town(false, false);
        town.run(200, (i, b) -> 0.0, (i, b) -> 0.0);
        assertThat(town.detector.size()).isEqualTo(6);
        town.detector.forget(200 * MINUTE, town.out::add);
        assertThat(town.detector.size()).isZero();
    }

    @Test
    void theMedianOfTheOthersLeavesOneValueOut() {
        assertThat(DriftDetector.medianWithout(new double[] {1, 2, 3, 10}, 10)).isEqualTo(2);
        assertThat(DriftDetector.medianWithout(new double[] {1, 2, 3, 10}, 1)).isEqualTo(3);
        assertThat(DriftDetector.medianWithout(new double[] {1, 2, 3}, 2)).isEqualTo(2);
    }
}
