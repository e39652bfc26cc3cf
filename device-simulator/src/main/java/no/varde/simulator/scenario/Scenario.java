package no.varde.simulator.scenario;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import no.varde.model.Domain;
import no.varde.simulator.incident.IncidentKind;

/**
 * A town to simulate, as read from a scenario file: its zones, the fleets of sensors in them and
 * the incidents to inject. {@link ScenarioLoader} reads and checks it; {@code Town} resolves it
 * into concrete devices.
 */
public record Scenario(String name, ZoneId timezone, int population, List<Zone> zones, List<FleetSpec> fleets,
                       List<IncidentSpec> incidents, RandomIncidents randomIncidents) {

    public Scenario {
        zones = List.copyOf(zones);
        fleets = List.copyOf(fleets);
        incidents = List.copyOf(incidents);
    }

    /**
     * A district of the town. {@code pressureZone} is the water network's pressure zone it belongs
     * to; {@code staticPressure} (bar) is that zone's pressure when nothing flows.
     */
    public record Zone(String name, double latitude, double longitude, String pressureZone, int population,
                       double staticPressure) {
    }

    /**
     * {@code perZone} devices of one kind in each of {@code zones} (all zones when empty), each
     * reporting {@code metrics} (all of its domain's when empty) every {@code interval}.
     */
    public record FleetSpec(String name, Domain kind, List<String> metrics, int perZone, List<String> zones, Duration interval) {
        public FleetSpec {
            metrics = List.copyOf(metrics);
            zones = List.copyOf(zones);
        }
    }

    /**
     * One planned incident, {@code at} after the simulation starts. Unset fields (null) are chosen
     * from the seed: the device among the zone's devices that report the metric, the metric among
     * the device's.
     */
    public record IncidentSpec(IncidentKind kind, String zone, String device, String metric, Duration at, Duration duration,
                               double magnitude, String variant) {
    }

    /** Incidents drawn at random: on average {@code perDay} per simulated day, of the given kinds. */
    public record RandomIncidents(double perDay, List<IncidentKind> kinds, Duration minDuration, Duration maxDuration) {
        public RandomIncidents {
            kinds = List.copyOf(kinds);
        }

        public static RandomIncidents none() {
            return new RandomIncidents(0, List.of(), Duration.ofMinutes(10), Duration.ofHours(1));
        }
    }
}
