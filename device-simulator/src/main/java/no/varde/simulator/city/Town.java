package no.varde.simulator.city;

import java.text.Normalizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import no.varde.model.Metric;
import no.varde.model.MetricCatalogue;
import no.varde.simulator.scenario.Scenario;
import no.varde.simulator.scenario.Scenario.FleetSpec;
import no.varde.simulator.scenario.Scenario.Zone;

/**
 * A scenario resolved into concrete devices with stable ids ({@code water-pressure-nord-02}), so
 * the same scenario always yields the same fleet. {@code scaleTo} multiplies every fleet so the
 * town has exactly the number of devices asked for (for load runs), keeping the proportions.
 */
public final class Town {
    private final Scenario scenario;
    private final List<TownDevice> devices;
    private final Map<String, TownDevice> byId = new LinkedHashMap<>();

    private Town(Scenario scenario, List<TownDevice> devices) {
        this.scenario = scenario;
        this.devices = List.copyOf(devices);
        devices.forEach(d -> byId.put(d.id(), d));
    }

    public static Town of(Scenario scenario, MetricCatalogue catalogue) {
        return build(scenario, catalogue, -1);
    }

    /** The scenario with its fleets scaled so that there are exactly {@code total} devices (at least one). */
    public static Town scaledTo(Scenario scenario, MetricCatalogue catalogue, int total) {
        return build(scenario, catalogue, Math.max(1, total));
    }

    private static Town build(Scenario scenario, MetricCatalogue catalogue, int total) {
        // Slots: one per (fleet, zone), holding how many devices it gets.
        List<FleetSpec> slotFleet = new ArrayList<>();
        List<Zone> slotZone = new ArrayList<>();
        List<Integer> base = new ArrayList<>();
        for (FleetSpec fleet : scenario.fleets()) {
            for (Zone zone : scenario.zones()) {
                if (fleet.zones().isEmpty() || fleet.zones().contains(zone.name())) {
                    slotFleet.add(fleet);
                    slotZone.add(zone);
                    base.add(fleet.perZone());
                }
            }
        }
        int[] counts = total < 0 ? base.stream().mapToInt(Integer::intValue).toArray() : scale(slotFleet, base, total);
        List<TownDevice> devices = new ArrayList<>();
        for (int s = 0; s < counts.length; s++) {
            FleetSpec fleet = slotFleet.get(s);
            Zone zone = slotZone.get(s);
            List<Metric> metrics = fleet.metrics().isEmpty() ? catalogue.byDomain(fleet.kind())
                    : fleet.metrics().stream().map(m -> catalogue.find(m).orElseThrow()).toList();
            boolean metersFlow = metrics.stream().anyMatch(m -> m.name().equals("water.flow"));
            for (int i = 1; i <= counts[s]; i++) {
                String id = String.format(Locale.ROOT, counts[s] > 99 ? "%s-%s-%04d" : "%s-%s-%02d", prefix(fleet), slug(zone.name()), i);
                devices.add(new TownDevice(id, fleet.kind(), fleet.name(), zone, metrics, fleet.interval(),
                        metersFlow ? 1.0 / counts[s] : 0));
            }
        }
        return new Town(scenario, devices);
    }

    /**
     * {@code total} devices over the slots: when there are enough, every fleet first gets one (in its
     * first zone) so a small town still has every kind of sensor; the rest go by weight.
     */
    private static int[] scale(List<FleetSpec> slotFleet, List<Integer> weights, int total) {
        int[] reserved = new int[weights.size()];
        int fleets = (int) slotFleet.stream().distinct().count();
        if (total >= fleets) {
            for (int i = 0; i < slotFleet.size(); i++) {
                if (i == 0 || slotFleet.get(i) != slotFleet.get(i - 1)) {
                    reserved[i] = 1;
                }
            }
        }
        int[] rest = apportion(weights, total - java.util.Arrays.stream(reserved).sum());
        for (int i = 0; i < rest.length; i++) {
            rest[i] += reserved[i];
        }
        return rest;
    }

    /** Largest-remainder apportionment of {@code total} over slots in proportion to {@code weights}. */
    static int[] apportion(List<Integer> weights, int total) {
        double sum = weights.stream().mapToInt(Integer::intValue).sum();
        int[] counts = new int[weights.size()];
        double[] remainders = new double[weights.size()];
        int given = 0;
        for (int i = 0; i < counts.length; i++) {
            double exact = sum == 0 ? 0 : weights.get(i) * total / sum;
            counts[i] = (int) Math.floor(exact);
            remainders[i] = exact - counts[i];
            given += counts[i];
        }
        while (given < total) {
            int best = 0;
            for (int i = 1; i < counts.length; i++) {
                if (remainders[i] > remainders[best]) {
                    best = i;
                }
            }
            counts[best]++;
            remainders[best] = -1;
            given++;
        }
        return counts;
    }

    private static String prefix(FleetSpec fleet) {
        String name = slug(fleet.name());
        return name.startsWith(fleet.kind().id()) ? name : fleet.kind().id() + "-" + name;
    }

    /** Device ids stay ASCII: "Sør" becomes "sor", "Øst" "ost", "Ærøy" "aeroy". */
    public static String slug(String text) {
        String s = text.toLowerCase(Locale.ROOT).replace("æ", "ae").replace("ø", "o").replace("å", "a");
        s = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return s.replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    /** The same town with every device reporting every {@code interval} (for lively demos and load). */
    public Town withInterval(Duration interval) {
        return new Town(scenario, devices.stream().map(d -> new TownDevice(d.id(), d.kind(), d.fleet(), d.zone(), d.metrics(),
                interval, d.share())).toList());
    }

    public Scenario scenario() {
        return scenario;
    }

    public List<TownDevice> devices() {
        return devices;
    }

    public TownDevice device(String id) {
        return byId.get(id);
    }

    public List<TownDevice> inZone(String zone) {
        return devices.stream().filter(d -> d.zone().name().equals(zone)).toList();
    }

    /** Messages per second the town sends at normal speed. */
    public double messagesPerSecond() {
        return devices.stream().mapToDouble(d -> 1.0 / Math.max(0.001, d.interval().toMillis() / 1000.0)).sum();
    }
}
