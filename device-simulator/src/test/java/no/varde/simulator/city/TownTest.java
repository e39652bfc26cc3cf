package no.varde.simulator.city;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import no.varde.model.MetricCatalogue;
import no.varde.simulator.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

class TownTest {
    private final MetricCatalogue catalogue = MetricCatalogue.standard();

    @Test
    void theBuiltInTownHasStableAsciiIdsAndAMeterPerDistrict() {
        Town town = Town.of(ScenarioLoader.defaultScenario(), catalogue);
        assertThat(town.devices()).hasSize(6 + 18 + 3 + 6 + 6 + 18);
        assertThat(town.devices()).extracting(TownDevice::id).allMatch(id -> id.matches("[a-z0-9][a-z0-9-]{0,63}"))
                .contains("water-district-meter-sor-01", "water-pressure-ost-03", "air-station-havna-01", "traffic-site-nord-02");
        assertThat(new HashSet<>(town.devices().stream().map(TownDevice::id).toList())).hasSize(town.devices().size());
        // One district meter per zone carries all of that zone's demand.
        assertThat(town.device("water-district-meter-nord-01").share()).isEqualTo(1.0);
        assertThat(town.device("water-pressure-nord-01").share()).isZero();
        assertThat(town.messagesPerSecond()).isBetween(0.8, 1.0);
    }

    @Test
    void scalingKeepsTheProportionsAndHitsTheExactCount() {
        Town town = Town.scaledTo(ScenarioLoader.defaultScenario(), catalogue, 10_000);
        assertThat(town.devices()).hasSize(10_000);
        Map<String, Long> byFleet = town.devices().stream().collect(Collectors.groupingBy(TownDevice::fleet, Collectors.counting()));
        // 18 of 57 devices are pressure loggers, so about 3,158 of 10,000.
        assertThat(byFleet.get("pressure")).isBetween(3_150L, 3_165L);
        assertThat(town.devices()).extracting(TownDevice::id).doesNotHaveDuplicates();
        assertThat(Town.apportion(List.of(1, 1, 1), 10)).containsExactly(4, 3, 3);
    }

    @Test
    void slugsAreAscii() {
        assertThat(Town.slug("Sør")).isEqualTo("sor");
        assertThat(Town.slug("Ærøy Øst")).isEqualTo("aeroy-ost");
        assertThat(Town.slug("Høysone Nord")).isEqualTo("hoysone-nord");
    }
}
