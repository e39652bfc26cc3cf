package no.varde.simulator.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import no.varde.model.Domain;
import no.varde.model.Metric;
import no.varde.model.MetricCatalogue;
import no.varde.simulator.incident.IncidentKind;
import no.varde.simulator.scenario.Scenario.FleetSpec;
import no.varde.simulator.scenario.Scenario.IncidentSpec;
import no.varde.simulator.scenario.Scenario.RandomIncidents;
import no.varde.simulator.scenario.Scenario.Zone;

/**
 * Reads a scenario file (YAML) and checks it, naming the exact place of any mistake
 * ({@code fleets[2].metrics[0]: unknown metric 'water.presure'}) so a scenario author never has
 * to guess. The built-in default describes a Norwegian town of about 50,000 residents.
 */
public final class ScenarioLoader {
    public static final String DEFAULT_RESOURCE = "/no/varde/simulator/scenarios/default-town.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final MetricCatalogue catalogue;

    public ScenarioLoader(MetricCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    public static Scenario defaultScenario() {
        try (InputStream in = ScenarioLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            return new ScenarioLoader(MetricCatalogue.standard()).read(YAML.readTree(in), "default-town.yaml");
        } catch (IOException e) {
            throw new IllegalStateException("the built-in scenario cannot be read", e);
        }
    }

    /** The scenario in {@code file}, or the built-in one when {@code file} is null. */
    public static Scenario loadOrDefault(Path file) throws IOException {
        return file == null ? defaultScenario() : new ScenarioLoader(MetricCatalogue.standard()).load(file);
    }

    public Scenario load(Path file) throws IOException {
        JsonNode root;
        try (InputStream in = Files.newInputStream(file)) {
            root = YAML.readTree(in);
        } catch (IOException e) {
            throw new IOException(file + ": not valid YAML: " + e.getMessage(), e);
        }
        return read(root, file.getFileName().toString());
    }

    public Scenario parse(String yaml, String source) throws IOException {
        return read(YAML.readTree(yaml), source);
    }

    private Scenario read(JsonNode root, String source) {
        try {
            if (root == null || !root.isObject()) {
                throw new ScenarioException("", "the file must hold a mapping (name, zones, fleets, incidents)");
            }
            String name = text(root, "name", "", "unnamed scenario");
            ZoneId timezone = zoneId(text(root, "timezone", "", "Europe/Oslo"));
            List<Zone> zones = zones(root.path("zones"));
            int population = root.has("population") ? positiveInt(root.get("population"), "population")
                    : zones.stream().mapToInt(Zone::population).sum();
            Set<String> zoneNames = new HashSet<>();
            zones.forEach(z -> zoneNames.add(z.name()));
            List<FleetSpec> fleets = fleets(root.path("fleets"), zoneNames);
            List<IncidentSpec> incidents = new ArrayList<>();
            RandomIncidents random = RandomIncidents.none();
            JsonNode inc = root.path("incidents");
            if (!inc.isMissingNode() && !inc.isNull()) {
                incidents = incidents(inc.path("planned"), zoneNames);
                if (inc.has("random")) {
                    random = randomIncidents(inc.get("random"));
                }
            }
            return new Scenario(name, timezone, population, zones, fleets, incidents, random);
        } catch (ScenarioException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    private List<Zone> zones(JsonNode node) {
        requireList(node, "zones");
        List<Zone> zones = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String at = "zones[" + i + "]";
            JsonNode z = node.get(i);
            String name = required(z, "name", at);
            if (!seen.add(name)) {
                throw new ScenarioException(at + ".name", "zone '" + name + "' is listed twice");
            }
            zones.add(new Zone(name, number(z, "lat", at, 59.9), number(z, "lon", at, 10.75),
                    text(z, "pressure_zone", at, name), z.has("population") ? positiveInt(z.get("population"), at + ".population") : 10_000,
                    number(z, "static_pressure", at, 5.0)));
        }
        return zones;
    }

    private List<FleetSpec> fleets(JsonNode node, Set<String> zoneNames) {
        requireList(node, "fleets");
        List<FleetSpec> fleets = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String at = "fleets[" + i + "]";
            JsonNode f = node.get(i);
            Domain kind;
            try {
                kind = Domain.fromId(required(f, "kind", at));
            } catch (IllegalArgumentException e) {
                throw new ScenarioException(at + ".kind", "must be water, air or traffic");
            }
            List<String> metrics = new ArrayList<>();
            JsonNode m = f.path("metrics");
            for (int j = 0; j < m.size(); j++) {
                String metric = m.get(j).asText();
                Metric known = catalogue.find(metric).orElseThrow(() -> new ScenarioException(at + ".metrics", "unknown metric '" + metric + "'"));
                if (known.domain() != kind) {
                    throw new ScenarioException(at + ".metrics", metric + " is not a " + kind.id() + " metric");
                }
                metrics.add(metric);
            }
            List<String> zones = new ArrayList<>();
            JsonNode z = f.path("zones");
            for (int j = 0; j < z.size(); j++) {
                zones.add(knownZone(z.get(j).asText(), zoneNames, at + ".zones"));
            }
            fleets.add(new FleetSpec(text(f, "name", at, kind.id()), kind, metrics,
                    f.has("per_zone") ? positiveInt(f.get("per_zone"), at + ".per_zone") : 1, zones,
                    duration(f, "interval", at, Duration.ofMinutes(1))));
        }
        return fleets;
    }

    private List<IncidentSpec> incidents(JsonNode node, Set<String> zoneNames) {
        List<IncidentSpec> list = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String at = "incidents.planned[" + i + "]";
            JsonNode n = node.get(i);
            IncidentKind kind = kind(required(n, "kind", at), at + ".kind");
            String zone = n.has("zone") ? knownZone(n.get("zone").asText(), zoneNames, at + ".zone") : null;
            if (kind.zoneWide() && zone == null) {
                throw new ScenarioException(at + ".zone", kind.id() + " needs a zone");
            }
            String metric = n.has("metric") ? n.get("metric").asText() : null;
            if (metric != null && catalogue.find(metric).isEmpty()) {
                throw new ScenarioException(at + ".metric", "unknown metric '" + metric + "'");
            }
            list.add(new IncidentSpec(kind, zone, n.has("device") ? n.get("device").asText() : null, metric,
                    duration(n, "at", at, null), duration(n, "duration", at, Duration.ofMinutes(30)),
                    number(n, "magnitude", at, 1.0), n.has("variant") ? n.get("variant").asText() : null));
        }
        return list;
    }

    private RandomIncidents randomIncidents(JsonNode n) {
        String at = "incidents.random";
        List<IncidentKind> kinds = new ArrayList<>();
        JsonNode k = n.path("kinds");
        for (int j = 0; j < k.size(); j++) {
            kinds.add(kind(k.get(j).asText(), at + ".kinds[" + j + "]"));
        }
        Duration min = duration(n, "min_duration", at, Duration.ofMinutes(10));
        Duration max = duration(n, "max_duration", at, Duration.ofHours(2));
        if (max.compareTo(min) < 0 || max.compareTo(Duration.ofDays(1)) > 0) {
            throw new ScenarioException(at + ".max_duration", "must be at least min_duration and at most 1d");
        }
        return new RandomIncidents(number(n, "per_day", at, 0), kinds, min, max);
    }

    private static IncidentKind kind(String id, String at) {
        try {
            return IncidentKind.fromId(id);
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(at, e.getMessage());
        }
    }

    private static String knownZone(String zone, Set<String> zoneNames, String at) {
        if (!zoneNames.contains(zone)) {
            throw new ScenarioException(at, "unknown zone '" + zone + "' (zones: " + String.join(", ", zoneNames) + ")");
        }
        return zone;
    }

    private static void requireList(JsonNode node, String at) {
        if (!node.isArray() || node.isEmpty()) {
            throw new ScenarioException(at, "must be a non-empty list");
        }
    }

    private static String required(JsonNode node, String field, String at) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || v.asText().isBlank()) {
            throw new ScenarioException(prefix(at) + field, "is required");
        }
        return v.asText();
    }

    private static String text(JsonNode node, String field, String at, String fallback) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? fallback : v.asText();
    }

    private static double number(JsonNode node, String field, String at, double fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber()) {
            throw new ScenarioException(prefix(at) + field, "must be a number, not '" + v.asText() + "'");
        }
        return v.asDouble();
    }

    private static int positiveInt(JsonNode v, String at) {
        if (!v.canConvertToInt() || v.asInt() < 0) {
            throw new ScenarioException(at, "must be a whole number of 0 or more");
        }
        return v.asInt();
    }

    private static Duration duration(JsonNode node, String field, String at, Duration fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (fallback == null) {
                throw new ScenarioException(prefix(at) + field, "is required");
            }
            return fallback;
        }
        try {
            return DurationText.parse(v.asText());
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(prefix(at) + field, e.getMessage());
        }
    }

    private static ZoneId zoneId(String id) {
        try {
            return ZoneId.of(id);
        } catch (RuntimeException e) {
            throw new ScenarioException("timezone", "unknown time zone '" + id + "'");
        }
    }

    private static String prefix(String at) {
        return at.isEmpty() ? "" : at + ".";
    }

    /** A mistake in a scenario, with the place it was found. */
    static final class ScenarioException extends RuntimeException {
        ScenarioException(String at, String message) {
            super(at.isEmpty() ? message : at + ": " + message);
        }
    }
}
