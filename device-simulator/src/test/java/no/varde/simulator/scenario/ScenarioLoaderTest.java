package no.varde.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import no.varde.model.Domain;
import no.varde.model.MetricCatalogue;
import no.varde.simulator.incident.IncidentKind;
import org.junit.jupiter.api.Test;

class ScenarioLoaderTest {
    private final ScenarioLoader loader = new ScenarioLoader(MetricCatalogue.standard());

    @Test
    void theBuiltInTownIsANorwegianTownOfAbout50000() {
        Scenario town = ScenarioLoader.defaultScenario();
        assertThat(town.population()).isEqualTo(50_000);
        assertThat(town.zones().stream().mapToInt(Scenario.Zone::population).sum()).isEqualTo(50_000);
        assertThat(town.timezone().getId()).isEqualTo("Europe/Oslo");
        assertThat(town.zones()).extracting(Scenario.Zone::name).contains("Sør", "Øst");
        assertThat(town.fleets()).extracting(Scenario.FleetSpec::kind).contains(Domain.WATER, Domain.AIR, Domain.TRAFFIC);
        assertThat(town.incidents()).extracting(Scenario.IncidentSpec::kind).contains(IncidentKind.values());
        assertThat(town.randomIncidents().perDay()).isPositive();
        assertThat(town.fleets().get(0).interval()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void mistakesAreNamedWithTheirPlace() {
        String zones = "zones: [{name: A, population: 100}]\n";
        assertThatThrownBy(() -> loader.parse(zones + "fleets: [{kind: water, metrics: [water.presure]}]", "s.yaml"))
                .hasMessage("s.yaml: fleets[0].metrics: unknown metric 'water.presure'");
        assertThatThrownBy(() -> loader.parse(zones + "fleets: [{kind: air, metrics: [water.ph]}]", "s.yaml"))
                .hasMessageContaining("fleets[0].metrics: water.ph is not a air metric");
        assertThatThrownBy(() -> loader.parse(zones + "fleets: [{kind: air, zones: [B]}]", "s.yaml"))
                .hasMessageContaining("fleets[0].zones: unknown zone 'B'");
        assertThatThrownBy(() -> loader.parse(zones + "fleets: [{kind: air, interval: soon}]", "s.yaml"))
                .hasMessageContaining("fleets[0].interval: 'soon' is not a duration");
        assertThatThrownBy(() -> loader.parse(zones + "fleets: [{kind: air}]\nincidents: {planned: [{kind: leak, at: 1h}]}", "s.yaml"))
                .hasMessageContaining("incidents.planned[0].zone: leak needs a zone");
        assertThatThrownBy(() -> loader.parse(zones + "fleets: [{kind: air}]\nincidents: {planned: [{kind: flood, at: 1h}]}", "s.yaml"))
                .hasMessageContaining("incidents.planned[0].kind: unknown incident kind 'flood'");
        assertThatThrownBy(() -> loader.parse("fleets: [{kind: air}]", "s.yaml")).hasMessageContaining("zones: must be a non-empty list");
        assertThatThrownBy(() -> loader.parse(zones + "fleets: [{kind: boats}]", "s.yaml")).hasMessageContaining("fleets[0].kind: must be water, air or traffic");
    }

    @Test
    void durationsReadAsPeopleWriteThem() {
        assertThat(DurationText.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(DurationText.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(DurationText.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
        assertThat(DurationText.parse("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(DurationText.parse("PT10M")).isEqualTo(Duration.ofMinutes(10));
        assertThat(DurationText.parse("30")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DurationText.format(Duration.ofHours(3))).isEqualTo("3h");
    }
}
