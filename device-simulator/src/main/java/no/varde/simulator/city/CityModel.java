package no.varde.simulator.city;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import no.varde.model.Metric;
import no.varde.model.Reading;
import no.varde.simulator.incident.BadDataVariant;
import no.varde.simulator.incident.Incident;
import no.varde.simulator.incident.IncidentSchedule;

/**
 * The simulated town: what every sensor reads at any instant, with the incidents that are under
 * way. A pure function of (seed, device, metric, time), so runs repeat exactly and a stuck sensor
 * can replay the value it had when it stuck.
 */
public final class CityModel {
    /** A metric's usual short-term spread, the yardstick for spikes and drift. */
    private static final Map<String, Double> SPREAD = Map.ofEntries(
            Map.entry("water.pressure", 0.15), Map.entry("water.flow", 10.0), Map.entry("water.reservoir_level", 0.3),
            Map.entry("water.turbidity", 0.1), Map.entry("water.ph", 0.1), Map.entry("water.chlorine", 0.04),
            Map.entry("air.pm2_5", 3.0), Map.entry("air.pm10", 5.0), Map.entry("air.no2", 8.0), Map.entry("air.o3", 8.0),
            Map.entry("air.temperature", 1.5), Map.entry("air.humidity", 5.0), Map.entry("traffic.vehicle_count", 5.0),
            Map.entry("traffic.speed", 5.0), Map.entry("traffic.occupancy", 4.0));

    private final IncidentSchedule incidents;
    private final java.time.ZoneId timezone;
    private final WaterModel water;
    private final AirModel air;
    private final TrafficModel traffic;

    public CityModel(Town town, long seed, IncidentSchedule incidents) {
        this.incidents = incidents;
        this.timezone = town.scenario().timezone();
        Noise noise = new Noise(seed);
        this.water = new WaterModel(noise);
        this.air = new AirModel(noise);
        this.traffic = new TrafficModel(noise);
    }

    public Report report(TownDevice device, Instant t) {
        List<Incident> active = incidents.activeFor(device.id(), t);
        BadDataVariant bad = null;
        for (Incident i : active) {
            switch (i.kind()) {
                case DROPOUT -> {
                    return Report.silence();
                }
                case BAD_DATA -> bad = BadDataVariant.fromId(i.variant());
                default -> {
                }
            }
        }
        List<Reading> readings = new ArrayList<>(device.metrics().size());
        for (Metric metric : device.metrics()) {
            double value = observed(device, metric.name(), t, active);
            readings.add(new Reading(device.id(), metric.name(), clamp(metric, round(value)), metric.unit(), t, t));
        }
        return new Report(readings, false, bad);
    }

    /** What the sensor reports: the true value, bent by any sensor fault under way. */
    double observed(TownDevice device, String metric, Instant t, List<Incident> active) {
        for (Incident i : active) {
            if (i.kind() == no.varde.simulator.incident.IncidentKind.STUCK && i.metrics().contains(metric)) {
                return truth(device, metric, i.start(), incidents.activeFor(device.id(), i.start()));
            }
        }
        double value = truth(device, metric, t, active);
        for (Incident i : active) {
            if (!i.metrics().contains(metric)) {
                continue;
            }
            switch (i.kind()) {
                case SPIKE -> value += i.magnitude() * 8 * spread(metric) * (value < 0 ? -1 : 1);
                case DRIFT -> value += i.magnitude() * 6 * spread(metric) * i.progress(t);
                default -> {
                }
            }
        }
        return value;
    }

    /** The physical value at the sensor, with zone-wide incidents (leaks, pollution, traffic incidents). */
    double truth(TownDevice device, String metric, Instant t, List<Incident> active) {
        Rhythm r = Rhythm.at(t, timezone);
        long s = t.getEpochSecond();
        double leak = 0;
        double episode = 0;
        double jam = 0;
        for (Incident i : active) {
            switch (i.kind()) {
                // A burst opens within minutes; the envelope ramps it in and lets it fade when repaired.
                case LEAK -> leak += i.magnitude() * i.envelope(t, 300);
                case POLLUTION_EPISODE -> episode += i.magnitude() * i.envelope(t, 1800);
                case TRAFFIC_INCIDENT -> jam = Math.max(jam, i.envelope(t, 120));
                default -> {
                }
            }
        }
        return switch (metric) {
            case "water.flow" -> water.flow(device, r, s, leak);
            case "water.pressure" -> water.pressure(device, r, s, leak);
            case "water.reservoir_level" -> water.reservoirLevel(device, r, s, leak);
            case "water.turbidity" -> water.turbidity(device, s);
            case "water.ph" -> water.ph(device, s);
            case "water.chlorine" -> water.chlorine(device, r, s);
            case "air.temperature" -> air.temperature(device, r, s);
            case "air.humidity" -> air.humidity(device, r, s);
            case "air.no2" -> air.no2(device, r, s, episode);
            case "air.pm10" -> air.pm10(device, r, s, episode);
            case "air.pm2_5" -> air.pm25(device, r, s, episode);
            case "air.o3" -> air.o3(device, r, s);
            case "traffic.vehicle_count" -> traffic.vehicleCount(device, r, s, jam);
            case "traffic.speed" -> traffic.speed(device, r, s, jam);
            case "traffic.occupancy" -> traffic.occupancy(device, r, s, jam);
            default -> 0;
        };
    }

    public static double spread(String metric) {
        return SPREAD.getOrDefault(metric, 1.0);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static double clamp(Metric metric, double v) {
        return Math.max(metric.min(), Math.min(metric.max(), v));
    }
}
