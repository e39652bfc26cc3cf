package no.varde.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import no.varde.model.Metric;
import no.varde.model.MetricCatalogue;
import org.junit.jupiter.api.Test;

class SignalModelTest {
    private final MetricCatalogue catalogue = MetricCatalogue.standard();

    @Test
    void everyValueIsInsideThePlausibleRange() {
        Random random = new Random(1);
        for (Metric metric : catalogue.all()) {
            for (int hour = 0; hour < 48; hour++) {
                double value = SignalModel.value(metric, Instant.parse("2026-11-23T00:00:00Z").plusSeconds(1800L * hour), random);
                assertThat(value).as(metric.name()).isBetween(metric.min(), metric.max());
            }
        }
    }

    @Test
    void sameSeedSameValues() {
        Metric flow = catalogue.find("water.flow").orElseThrow();
        Instant t = Instant.parse("2026-11-23T07:30:00Z");
        assertThat(SignalModel.value(flow, t, new Random(42))).isEqualTo(SignalModel.value(flow, t, new Random(42)));
    }

    @Test
    void waterDemandPeaksInTheMorningAndIsLowAtNight() {
        Metric flow = catalogue.find("water.flow").orElseThrow();
        double night = SignalModel.value(flow, Instant.parse("2026-11-23T02:00:00Z"), new Random(7));
        double morning = SignalModel.value(flow, Instant.parse("2026-11-23T06:30:00Z"), new Random(7));
        assertThat(morning).isGreaterThan(night * 2);
    }
}
