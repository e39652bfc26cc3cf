package no.varde.simulator;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import no.varde.model.MetricCatalogue;
import no.varde.simulator.city.CityModel;
import no.varde.simulator.city.Town;
import no.varde.simulator.incident.GroundTruthLog;
import no.varde.simulator.incident.IncidentPlanner;
import no.varde.simulator.incident.IncidentSchedule;
import no.varde.simulator.link.FleetLinks;
import no.varde.simulator.link.LinkSettings;
import no.varde.simulator.scenario.Scenario;

/**
 * Wires a simulation together: scenario → town → incidents → city model → connections → simulator.
 * The one place the platform and {@code bin/varde simulate} build a simulation from.
 *
 * @param devices     devices in the town; 0 or less keeps the scenario's own fleets
 * @param interval    every device's report interval; null keeps each fleet's
 * @param start       simulated start
 * @param end         simulated end; null runs until closed
 * @param incidents   inject the scenario's incidents
 * @param groundTruth where to write the incidents that happen; null to not write them
 */
public record Simulation(Scenario scenario, int devices, Duration interval, long seed, double speed, Instant start, Instant end,
                         boolean incidents, Path groundTruth) {

    public Town town() {
        return town(scenario, devices, interval);
    }

    /** The scenario's town, scaled to {@code devices} when above 0, every device reporting every {@code interval} when not null. */
    public static Town town(Scenario scenario, int devices, Duration interval) {
        MetricCatalogue catalogue = MetricCatalogue.standard();
        Town town = devices > 0 ? Town.scaledTo(scenario, catalogue, devices) : Town.of(scenario, catalogue);
        return interval == null ? town : town.withInterval(interval);
    }

    public IncidentSchedule schedule(Town town) {
        return incidents ? new IncidentSchedule(new IncidentPlanner(town, seed, start), start) : IncidentSchedule.none(start);
    }

    /** Builds and starts the simulator for {@code town}, connecting with the credentials in {@code fleet}. */
    public CitySimulator start(Town town, Fleet fleet, LinkSettings link) throws IOException {
        IncidentSchedule schedule = schedule(town);
        GroundTruthLog truth = groundTruth == null ? null : new GroundTruthLog(schedule, start, groundTruth);
        CitySimulator simulator = new CitySimulator(town, new CityModel(town, seed, schedule), new FleetLinks(fleet.restrictTo(ids(town)), link),
                new SimClock(start, speed), truth, end);
        simulator.start();
        return simulator;
    }

    private static java.util.Set<String> ids(Town town) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        town.devices().forEach(d -> ids.add(d.id()));
        return ids;
    }
}
