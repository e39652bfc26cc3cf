package no.varde.simulator.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import no.varde.model.MetricCatalogue;
import no.varde.model.Reading;
import no.varde.simulator.city.CityModel;
import no.varde.simulator.city.Report;
import no.varde.simulator.city.Town;
import no.varde.simulator.scenario.Scenario;
import no.varde.simulator.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

/** Each kind of incident does to the readings what it says, only while it lasts. */
class IncidentEffectsTest {
    /** Tuesday 17 November 2026, midnight in Oslo: the simulation's start. */
    static final Instant START = LocalDateTime.of(2026, 11, 17, 0, 0).atZone(ZoneId.of("Europe/Oslo")).toInstant();
    static final String SCENARIO = """
            zones:
              - {name: Nord, population: 11000, static_pressure: 4.4}
              - {name: Sentrum, population: 9000, static_pressure: 5.2}
            fleets:
              - {name: district-meter, kind: water, metrics: [water.flow, water.pressure], per_zone: 1, interval: 1m}
              - {name: pressure, kind: water, metrics: [water.pressure], per_zone: 2, interval: 1m}
              - {name: quality, kind: water, metrics: [water.chlorine], per_zone: 1, interval: 5m}
              - {name: air-station, kind: air, per_zone: 1, interval: 1m}
              - {name: traffic-site, kind: traffic, per_zone: 1, interval: 1m}
            incidents:
              planned:
                - {kind: leak, zone: Nord, at: 2h, duration: 3h, magnitude: 0.5}
                - {kind: stuck, device: water-pressure-sentrum-01, metric: water.pressure, at: 1h, duration: 1h}
                - {kind: dropout, device: water-pressure-sentrum-02, at: 1h, duration: 30m}
                - {kind: spike, device: air-station-nord-01, metric: air.no2, at: 30m, duration: 1m, magnitude: 2}
                - {kind: drift, device: water-quality-sentrum-01, metric: water.chlorine, at: 6h, duration: 10h}
                - {kind: traffic_incident, device: traffic-site-sentrum-01, at: 7h, duration: 1h}
                - {kind: pollution_episode, zone: Sentrum, at: 8h, duration: 4h, magnitude: 1.5}
                - {kind: bad_data, device: air-station-sentrum-01, at: 13h, duration: 5m, variant: out_of_range}
                - {kind: bad_data, device: water-pressure-nord-01, at: 14h, duration: 5m, variant: wrong_unit}
                - {kind: bad_data, device: water-pressure-nord-02, at: 15h, duration: 5m, variant: malformed}
            """;

    static Scenario scenario() throws Exception {
        return new ScenarioLoader(MetricCatalogue.standard()).parse(SCENARIO, "test.yaml");
    }

    private final Town town;
    private final IncidentSchedule schedule;
    private final CityModel withIncidents;
    private final CityModel baseline;

    IncidentEffectsTest() throws Exception {
        town = Town.of(scenario(), MetricCatalogue.standard());
        schedule = new IncidentSchedule(new IncidentPlanner(town, 1, START), START);
        withIncidents = new CityModel(town, 1, schedule);
        baseline = new CityModel(town, 1, IncidentSchedule.none(START));
    }

    private static Instant after(String hhmm) {
        String[] p = hhmm.split(":");
        return START.plus(Duration.ofHours(Long.parseLong(p[0])).plusMinutes(Long.parseLong(p[1])));
    }

    private double value(CityModel model, String device, String metric, Instant t) {
        return model.report(town.device(device), t).readings().stream().filter(r -> r.metric().equals(metric))
                .mapToDouble(Reading::value).findFirst().orElseThrow();
    }

    private double change(String device, String metric, Instant t) {
        return value(withIncidents, device, metric, t) - value(baseline, device, metric, t);
    }

    @Test
    void aLeakRaisesTheNightFlowAndDropsPressureAcrossItsZoneOnly() {
        // Mean demand of 11,000 residents is ~100.8 m3/h; half of it leaks.
        assertThat(change("water-district-meter-nord-01", "water.flow", after("03:00"))).isBetween(45.0, 56.0);
        assertThat(change("water-district-meter-nord-01", "water.pressure", after("03:00"))).isLessThan(-0.3);
        assertThat(change("water-pressure-nord-02", "water.pressure", after("03:00"))).isLessThan(-0.3);
        assertThat(change("water-district-meter-sentrum-01", "water.flow", after("03:00"))).isZero();
        assertThat(change("water-district-meter-nord-01", "water.flow", after("01:59"))).isZero();
        assertThat(change("water-district-meter-nord-01", "water.flow", after("05:00"))).isZero();
    }

    @Test
    void aStuckSensorRepeatsTheValueItStuckAt() {
        String device = "water-pressure-sentrum-01";
        double stuckAt = value(withIncidents, device, "water.pressure", after("01:00"));
        for (String t : List.of("01:01", "01:17", "01:59")) {
            assertThat(value(withIncidents, device, "water.pressure", after(t))).isEqualTo(stuckAt);
        }
        assertThat(value(withIncidents, device, "water.pressure", after("02:00"))).isNotEqualTo(stuckAt);
    }

    @Test
    void aDeviceInDropoutSendsNothing() {
        String device = "water-pressure-sentrum-02";
        assertThat(withIncidents.report(town.device(device), after("01:10")).silent()).isTrue();
        assertThat(withIncidents.report(town.device(device), after("01:30")).silent()).isFalse();
    }

    @Test
    void aSpikeIsOneReadingAndDriftGrowsWithTime() {
        assertThat(change("air-station-nord-01", "air.no2", after("00:30"))).isCloseTo(2 * 8 * CityModel.spread("air.no2"), org.assertj.core.data.Offset.offset(0.01));
        assertThat(change("air-station-nord-01", "air.no2", after("00:31"))).isZero();
        double early = change("water-quality-sentrum-01", "water.chlorine", after("07:00"));
        double late = change("water-quality-sentrum-01", "water.chlorine", after("15:00"));
        assertThat(early).isPositive();
        assertThat(late).isGreaterThan(5 * early);
    }

    @Test
    void aTrafficIncidentCollapsesSpeedAndFillsTheDetector() {
        assertThat(value(withIncidents, "traffic-site-sentrum-01", "traffic.speed", after("07:30"))).isLessThan(12);
        assertThat(value(withIncidents, "traffic-site-sentrum-01", "traffic.occupancy", after("07:30"))).isGreaterThan(45);
    }

    @Test
    void aPollutionEpisodeRaisesParticlesAndNo2AtTheZonesStations() {
        double rise = value(withIncidents, "air-station-sentrum-01", "air.pm10", after("10:00"))
                / value(baseline, "air-station-sentrum-01", "air.pm10", after("10:00"));
        assertThat(rise).isBetween(2.4, 2.6);
        assertThat(change("air-station-nord-01", "air.pm10", after("10:00"))).isZero();
    }

    @Test
    void badDataIsMarkedOnTheReportForTheEncoder() {
        Report report = withIncidents.report(town.device("air-station-sentrum-01"), after("13:01"));
        assertThat(report.badData()).isEqualTo(BadDataVariant.OUT_OF_RANGE);
        assertThat(withIncidents.report(town.device("air-station-sentrum-01"), after("13:06")).badData()).isNull();
    }

    @Test
    void plannedIncidentsNameTheirDevicesAndMetrics() {
        Incident leak = schedule.startingBetween(START, after("02:01")).stream().filter(i -> i.kind() == IncidentKind.LEAK)
                .findFirst().orElseThrow();
        assertThat(leak.devices()).containsExactlyInAnyOrder("water-district-meter-nord-01", "water-pressure-nord-01", "water-pressure-nord-02");
        assertThat(leak.metrics()).containsExactly("water.flow", "water.pressure");
        assertThat(leak.start()).isEqualTo(after("02:00"));
        assertThat(leak.end()).isEqualTo(after("05:00"));
    }
}
