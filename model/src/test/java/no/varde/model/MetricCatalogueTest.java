package no.varde.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricCatalogueTest {
    private final MetricCatalogue catalogue = MetricCatalogue.standard();

    @Test
    void coversTheThreeDomains() {
        assertThat(catalogue.byDomain(Domain.WATER)).extracting(Metric::name).contains(
                "water.pressure", "water.flow", "water.reservoir_level", "water.turbidity", "water.ph", "water.chlorine");
        assertThat(catalogue.byDomain(Domain.AIR)).extracting(Metric::name).contains(
                "air.pm2_5", "air.pm10", "air.no2", "air.o3", "air.temperature", "air.humidity");
        assertThat(catalogue.byDomain(Domain.TRAFFIC)).extracting(Metric::name).contains(
                "traffic.vehicle_count", "traffic.speed", "traffic.occupancy");
    }

    @Test
    void everyMetricHasAUnitARangeAndADescription() {
        assertThat(catalogue.all()).allSatisfy(m -> {
            assertThat(m.unit()).isNotBlank();
            assertThat(m.min()).isLessThan(m.max());
            assertThat(m.description()).isNotBlank();
        });
    }

    @Test
    void convertsAcceptedUnitsToTheCanonicalOne() {
        Metric pressure = catalogue.find("water.pressure").orElseThrow();
        assertThat(pressure.conversionFrom("kPa").orElseThrow().toCanonical(410)).isCloseTo(4.1, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(pressure.conversionFrom("bar").orElseThrow().toCanonical(4.1)).isEqualTo(4.1);
        assertThat(pressure.conversionFrom(null)).isPresent();
        assertThat(pressure.conversionFrom("psi")).isEmpty();
        Metric temperature = catalogue.find("air.temperature").orElseThrow();
        assertThat(temperature.conversionFrom("K").orElseThrow().toCanonical(273.15)).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void plausibleRangeIsInclusive() {
        Metric ph = catalogue.find("water.ph").orElseThrow();
        assertThat(ph.isPlausible(0)).isTrue();
        assertThat(ph.isPlausible(14)).isTrue();
        assertThat(ph.isPlausible(14.01)).isFalse();
        assertThat(ph.isPlausible(-0.01)).isFalse();
    }
}
