package no.varde.simulator.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import no.varde.simulator.city.Town;
import no.varde.simulator.city.TownDevice;
import no.varde.simulator.scenario.Scenario.IncidentSpec;
import no.varde.simulator.scenario.Scenario.RandomIncidents;
import no.varde.simulator.scenario.Scenario.Zone;

/**
 * Turns incident specifications into concrete incidents on concrete devices, choosing what the
 * scenario left open from the seed, and draws the random incidents of each simulated day. The
 * same town, seed and start always give the same incidents.
 */
public final class IncidentPlanner {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IncidentPlanner.class);
    private static final List<String> LEAK_METRICS = List.of("water.flow", "water.pressure");
    private static final List<String> POLLUTANTS = List.of("air.pm2_5", "air.pm10", "air.no2");
    private static final List<String> TRAFFIC = List.of("traffic.speed", "traffic.occupancy", "traffic.vehicle_count");

    private final Town town;
    private final long seed;
    private final Instant start;

    public IncidentPlanner(Town town, long seed, Instant start) {
        this.town = town;
        this.seed = seed;
        this.start = start;
    }

    /**
     * The scenario's planned incidents. One that fits no device (a town scaled down below the
     * scenario's own fleets may lack the device it needs) is left out with a warning.
     */
    public List<Incident> planned() {
        List<Incident> list = new ArrayList<>();
        List<IncidentSpec> specs = town.scenario().incidents();
        for (int i = 0; i < specs.size(); i++) {
            IncidentSpec spec = specs.get(i);
            Random random = new Random(seed * 31 + i);
            String id = String.format(Locale.ROOT, "planned-%02d", i + 1);
            java.util.Optional<Incident> incident = resolve(id, spec.kind(), spec.zone(), spec.device(), spec.metric(),
                    start.plus(spec.at()), spec.duration(), spec.magnitude(), spec.variant(), random);
            if (incident.isPresent()) {
                list.add(incident.get());
            } else {
                LOG.warn("Incident {} ({} in {}) is left out: no device in this town fits it", id, spec.kind().id(), spec.zone());
            }
        }
        return list;
    }

    /** The random incidents starting on simulated day {@code day} (0 = the first 24 h after the start). */
    public List<Incident> randomOnDay(long day) {
        RandomIncidents plan = town.scenario().randomIncidents();
        if (plan.perDay() <= 0 || plan.kinds().isEmpty()) {
            return List.of();
        }
        Random random = new Random(seed ^ (0x5DEECE66DL * (day + 1)));
        int count = poisson(plan.perDay(), random);
        List<Incident> list = new ArrayList<>();
        List<Zone> zones = town.scenario().zones();
        for (int n = 0; n < count; n++) {
            IncidentKind kind = plan.kinds().get(random.nextInt(plan.kinds().size()));
            Zone zone = zones.get(random.nextInt(zones.size()));
            Instant at = start.plus(Duration.ofDays(day)).plusSeconds((long) (random.nextDouble() * 86_400));
            long span = plan.maxDuration().toSeconds() - plan.minDuration().toSeconds();
            Duration duration = plan.minDuration().plusSeconds((long) (random.nextDouble() * Math.max(0, span)));
            String id = String.format(Locale.ROOT, "random-d%d-%02d", day, n + 1);
            resolve(id, kind, zone.name(), null, null, at, duration, defaultMagnitude(kind), null, random).ifPresent(list::add);
        }
        return list;
    }

    private java.util.Optional<Incident> resolve(String id, IncidentKind kind, String zone, String device, String metric,
                                                 Instant at, Duration duration, double magnitude, String variant, Random random) {
        Instant end = at.plus(duration);
        switch (kind) {
            case LEAK -> {
                List<String> devices = ids(town.inZone(zone).stream().filter(d -> LEAK_METRICS.stream().anyMatch(d::reports)).toList());
                return devices.isEmpty() ? java.util.Optional.empty()
                        : java.util.Optional.of(new Incident(id, kind, zone, devices, LEAK_METRICS, at, end, magnitude, null));
            }
            case POLLUTION_EPISODE -> {
                List<String> devices = ids(town.inZone(zone).stream().filter(d -> POLLUTANTS.stream().anyMatch(d::reports)).toList());
                return devices.isEmpty() ? java.util.Optional.empty()
                        : java.util.Optional.of(new Incident(id, kind, zone, devices, POLLUTANTS, at, end, magnitude, null));
            }
            default -> {
                List<TownDevice> candidates = candidates(kind, zone, device, metric);
                if (candidates.isEmpty()) {
                    return java.util.Optional.empty();
                }
                TownDevice chosen = candidates.get(random.nextInt(candidates.size()));
                String m = metric != null ? metric : chosen.metrics().get(random.nextInt(chosen.metrics().size())).name();
                List<String> metrics = switch (kind) {
                    case TRAFFIC_INCIDENT -> TRAFFIC;
                    case DROPOUT -> chosen.metrics().stream().map(x -> x.name()).toList();
                    default -> List.of(m);
                };
                String v = kind != IncidentKind.BAD_DATA ? null
                        : variant != null ? BadDataVariant.fromId(variant).id() : BadDataVariant.values()[random.nextInt(3)].id();
                // A spike is one reading: it lasts exactly one report interval of its device.
                Instant stop = kind == IncidentKind.SPIKE ? at.plus(chosen.interval()) : end;
                return java.util.Optional.of(new Incident(id, kind, chosen.zone().name(), List.of(chosen.id()), metrics, at, stop,
                        magnitude, v));
            }
        }
    }

    private List<TownDevice> candidates(IncidentKind kind, String zone, String device, String metric) {
        if (device != null) {
            TownDevice d = town.device(device);
            return d == null ? List.of() : List.of(d);
        }
        return town.devices().stream()
                .filter(d -> zone == null || d.zone().name().equals(zone))
                .filter(d -> metric == null || d.reports(metric))
                .filter(d -> kind != IncidentKind.TRAFFIC_INCIDENT || d.reports("traffic.speed"))
                .toList();
    }

    private static List<String> ids(List<TownDevice> devices) {
        return devices.stream().map(TownDevice::id).toList();
    }

    static double defaultMagnitude(IncidentKind kind) {
        return switch (kind) {
            case LEAK -> 0.4;
            case POLLUTION_EPISODE -> 1.5;
            default -> 1.0;
        };
    }

    private static int poisson(double mean, Random random) {
        double limit = Math.exp(-mean);
        double p = random.nextDouble();
        int k = 0;
        while (p > limit && k < 1000) {
            p *= random.nextDouble();
            k++;
        }
        return k;
    }
}
