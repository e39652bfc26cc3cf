package no.varde.simulator.city;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.IntStream;
import no.varde.model.MetricCatalogue;
import no.varde.model.Reading;
import no.varde.simulator.incident.IncidentSchedule;
import no.varde.simulator.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

/** The modelled town behaves like a town: the rhythms the dashboards and detectors will be judged by. */
class CityModelTest {
    private static final ZoneId OSLO = ZoneId.of("Europe/Oslo");
    /** A Tuesday in November and the Saturday after it. */
    private static final LocalDateTime TUESDAY = LocalDateTime.of(2026, 11, 17, 0, 0);
    private static final LocalDateTime SATURDAY = LocalDateTime.of(2026, 11, 21, 0, 0);

    private final Town town = Town.of(ScenarioLoader.defaultScenario(), MetricCatalogue.standard());
    private final CityModel model = new CityModel(town, 7, IncidentSchedule.none(Instant.EPOCH));

    private static Instant at(LocalDateTime day, int hour, int minute) {
        return day.withHour(hour).withMinute(minute).atZone(OSLO).toInstant();
    }

    private double value(CityModel m, String device, String metric, Instant t) {
        return m.report(town.device(device), t).readings().stream().filter(r -> r.metric().equals(metric)).findFirst()
                .orElseThrow().value();
    }

    /** Mean over 30 one-minute readings from {@code t}, to see the rhythm through the noise. */
    private double mean(String device, String metric, Instant t) {
        return IntStream.range(0, 30).mapToDouble(i -> value(model, device, metric, t.plusSeconds(60L * i))).average().orElseThrow();
    }

    @Test
    void waterDemandPeaksInTheMorningOverAMinimumNightFlowAndPressureSagsAtThePeak() {
        String meter = "water-district-meter-nord-01";
        double night = mean(meter, "water.flow", at(TUESDAY, 3, 0));
        double morning = mean(meter, "water.flow", at(TUESDAY, 7, 0));
        double weekendMorning = mean(meter, "water.flow", at(SATURDAY, 7, 0));
        assertThat(morning).isGreaterThan(3 * night);
        assertThat(weekendMorning).isLessThan(morning);
        // About 11,000 residents at 220 l/day: a mean near 100 m3/h, a night minimum near 45.
        assertThat(night).isBetween(30.0, 60.0);
        double nightPressure = mean(meter, "water.pressure", at(TUESDAY, 3, 0));
        double peakPressure = mean(meter, "water.pressure", at(TUESDAY, 7, 0));
        assertThat(peakPressure).isLessThan(nightPressure - 0.4);
        assertThat(nightPressure).isBetween(3.5, 5.5);
    }

    @Test
    void reservoirsDrainByDayAndRefillByNight() {
        String reservoir = "water-reservoir-nord-01";
        assertThat(mean(reservoir, "water.reservoir_level", at(TUESDAY, 21, 0)))
                .isLessThan(mean(reservoir, "water.reservoir_level", at(TUESDAY, 5, 0)) - 0.8);
    }

    @Test
    void trafficSlowsAndFillsTheRoadInTheRushHourAndIsQuietAtWeekendDawn() {
        String site = "traffic-site-sentrum-01";
        assertThat(mean(site, "traffic.vehicle_count", at(TUESDAY, 7, 15))).isGreaterThan(5 * mean(site, "traffic.vehicle_count", at(TUESDAY, 3, 0)));
        assertThat(mean(site, "traffic.speed", at(TUESDAY, 7, 15))).isLessThan(mean(site, "traffic.speed", at(TUESDAY, 3, 0)));
        assertThat(mean(site, "traffic.occupancy", at(TUESDAY, 7, 15))).isGreaterThan(mean(site, "traffic.occupancy", at(TUESDAY, 3, 0)));
        assertThat(mean(site, "traffic.vehicle_count", at(SATURDAY, 7, 15))).isLessThan(mean(site, "traffic.vehicle_count", at(TUESDAY, 7, 15)) / 2);
    }

    @Test
    void airFollowsSeasonsAndTraffic() {
        String station = "air-station-sentrum-01";
        LocalDateTime july = LocalDateTime.of(2026, 7, 14, 0, 0);
        assertThat(mean(station, "air.temperature", at(july, 15, 0))).isGreaterThan(mean(station, "air.temperature", at(TUESDAY, 15, 0)) + 8);
        assertThat(mean(station, "air.no2", at(TUESDAY, 7, 30))).isGreaterThan(mean(station, "air.no2", at(TUESDAY, 3, 0)) + 15);
        assertThat(mean(station, "air.o3", at(july, 15, 0))).isGreaterThan(mean(station, "air.o3", at(TUESDAY, 7, 30)));
        assertThat(mean(station, "air.humidity", at(TUESDAY, 3, 0))).isBetween(50.0, 100.0);
    }

    @Test
    void everyValueIsPlausibleForItsMetricAllDayLong() {
        MetricCatalogue catalogue = MetricCatalogue.standard();
        for (TownDevice d : town.devices()) {
            for (int minute = 0; minute < 24 * 60; minute += 37) {
                for (Reading r : model.report(d, at(TUESDAY, 0, 0).plusSeconds(60L * minute)).readings()) {
                    assertThat(catalogue.find(r.metric()).orElseThrow().isPlausible(r.value())).as(r.toString()).isTrue();
                    assertThat(r.unit()).isEqualTo(catalogue.find(r.metric()).orElseThrow().unit());
                }
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameTownAndAnotherSeedAnother() {
        CityModel again = new CityModel(town, 7, IncidentSchedule.none(Instant.EPOCH));
        CityModel other = new CityModel(town, 8, IncidentSchedule.none(Instant.EPOCH));
        Instant t = at(TUESDAY, 9, 41);
        for (TownDevice d : town.devices()) {
            List<Reading> first = model.report(d, t).readings();
            assertThat(again.report(d, t).readings()).isEqualTo(first);
        }
        assertThat(value(other, "water-pressure-nord-01", "water.pressure", t))
                .isNotEqualTo(value(model, "water-pressure-nord-01", "water.pressure", t));
    }
}
