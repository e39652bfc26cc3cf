package no.varde.simulator.city;

import java.time.Duration;
import java.util.List;
import no.varde.model.Domain;
import no.varde.model.Metric;
import no.varde.simulator.scenario.Scenario.Zone;

/**
 * One sensor of the simulated town: where it is, what it measures and how often it reports.
 * {@code share} is the part of its zone's water demand that passes a flow meter.
 */
public record TownDevice(String id, Domain kind, String fleet, Zone zone, List<Metric> metrics, Duration interval, double share) {
    public TownDevice {
        metrics = List.copyOf(metrics);
    }

    public boolean reports(String metric) {
        return metrics.stream().anyMatch(m -> m.name().equals(metric));
    }
}
