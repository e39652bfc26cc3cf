package no.varde.platform.evaluate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import no.varde.model.Reading;
import no.varde.simulator.Simulation;
import no.varde.simulator.city.CityModel;
import no.varde.simulator.city.Report;
import no.varde.simulator.city.Town;
import no.varde.simulator.city.TownDevice;
import no.varde.simulator.incident.IncidentSchedule;
import no.varde.simulator.scenario.ScenarioLoader;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * What the simulated town's devices would publish, minute by minute, computed offline from the
 * same pure town model the simulator plays over MQTT: step {@code i} is the minute
 * {@code from + i}. Silent devices (dropout) send nothing; bad data is left out (ingest rejects
 * it before detection would see it).
 */
final class TownReadings extends RichFlatMapFunction<Long, Reading> {
    static final Duration STEP = Duration.ofMinutes(1);

    private final String scenario;
    private final long seed;
    private final Instant incidentsFrom;
    private final Instant from;
    private transient Town town;
    private transient CityModel model;

    TownReadings(String scenario, long seed, Instant incidentsFrom, Instant from) {
        this.scenario = scenario;
        this.seed = seed;
        this.incidentsFrom = incidentsFrom;
        this.from = from;
    }

    static Town town(String scenario) {
        try {
            return Simulation.town(ScenarioLoader.loadOrDefault(scenario == null ? null : java.nio.file.Path.of(scenario)), 0, null);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read scenario " + scenario, e);
        }
    }

    static IncidentSchedule schedule(Town town, long seed, Instant incidentsFrom) {
        return new Simulation(town.scenario(), 0, null, seed, 1, incidentsFrom, null, true, null).schedule(town);
    }

    @Override
    public void open(OpenContext context) {
        town = town(scenario);
        model = new CityModel(town, seed, schedule(town, seed, incidentsFrom));
    }

    @Override
    public void flatMap(Long step, Collector<Reading> out) {
        Instant t = from.plus(STEP.multipliedBy(step));
        long sinceStart = Duration.between(from, t).toMillis();
        for (TownDevice device : town.devices()) {
            if (sinceStart % device.interval().toMillis() != 0) {
                continue;
            }
            Report report = model.report(device, t);
            if (report.silent() || report.badData() != null) {
                continue;
            }
            List<Reading> readings = report.readings();
            readings.forEach(out::collect);
        }
    }
}
