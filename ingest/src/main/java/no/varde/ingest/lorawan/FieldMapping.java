package no.varde.ingest.lorawan;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import no.varde.model.DeviceKind;
import no.varde.model.Metric;
import no.varde.model.MetricCatalogue;
import no.varde.storage.Device;

/**
 * Which decoded LoRaWAN payload field is which Varde metric. Kept as data so a municipality adds
 * its sensors without code: a file per sensor model ({@code models/*.json}, see
 * docs/lorawan-models.md), chosen by the device's registered {@code model} or by the network
 * server's device-profile name (ChirpStack) or {@code brand/model} (The Things Stack); and a
 * mapping per device kind ({@code field-mapping.json}) for the fields a model file does not name.
 * Every mapping is checked against the metric catalogue when loaded, so a typo fails at start,
 * not as rejected readings.
 */
public final class FieldMapping {
    /** Where an operator's own model files live (a directory of *.json), besides the built-in ones. */
    public static final String MODELS_DIR_SETTING = "VARDE_LORAWAN_MODELS";

    /** A field's metric and the unit the field carries. */
    public record Target(String metric, String unit) {
    }

    /**
     * One sensor model's mapping.
     *
     * @param fields  decoded field path ({@code /} between nested objects) → target, in file order
     * @param example a decoded payload as the model's codec emits it (the tests map it)
     */
    public record Model(String name, List<String> match, Map<String, Target> fields, JsonObject example) {
    }

    /** The fields to read for one uplink, and the model file they came from (null: only the kind's). */
    public record Selection(String model, Map<String, Target> fields) {
    }

    private final Map<DeviceKind, Map<String, Target>> byKind;
    private final List<Model> models;
    private final Map<String, Model> byMatch = new HashMap<>();

    FieldMapping(Map<DeviceKind, Map<String, Target>> byKind, List<Model> models) {
        this.byKind = byKind;
        this.models = List.copyOf(models);
        for (Model model : models) {
            for (String key : model.match()) {
                Model previous = byMatch.put(normalised(key), model);
                if (previous != null && previous != model) {
                    throw new IllegalStateException("sensor models '" + previous.name() + "' and '" + model.name()
                            + "' both match '" + key + "'");
                }
            }
        }
    }

    /** The built-in mappings. */
    public static FieldMapping standard() {
        return load(MetricCatalogue.standard(), null);
    }

    /** The built-in mappings and the operator's model files in {@code VARDE_LORAWAN_MODELS}, if set. */
    public static FieldMapping configured(Map<String, String> settings) {
        String dir = settings.get(MODELS_DIR_SETTING);
        return load(MetricCatalogue.standard(), dir == null || dir.isBlank() ? null : Path.of(dir));
    }

    static FieldMapping load(MetricCatalogue catalogue, Path operatorModels) {
        JsonObject kinds = new JsonObject(resource("field-mapping.json"));
        Map<DeviceKind, Map<String, Target>> byKind = new HashMap<>();
        for (DeviceKind kind : DeviceKind.values()) {
            JsonObject fields = kinds.getJsonObject(kind.id());
            byKind.put(kind, fields == null ? Map.of() : targets(fields, catalogue, "field-mapping.json/" + kind.id()));
        }
        List<Model> models = new ArrayList<>();
        for (String line : resource("models/index.txt").split("\n")) {
            String file = line.strip();
            if (!file.isEmpty() && !file.startsWith("#")) {
                models.add(model(new JsonObject(resource("models/" + file)), catalogue, file));
            }
        }
        if (operatorModels != null) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(operatorModels, "*.json")) {
                for (Path file : files) {
                    models.add(model(new JsonObject(Files.readString(file)), catalogue, file.toString()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the sensor model files in " + operatorModels, e);
            }
        }
        return new FieldMapping(byKind, models);
    }

    public List<Model> models() {
        return models;
    }

    /** The model file for the device's registered model, else for the network server's profile name. */
    public Optional<Model> model(String deviceModel, String profile) {
        for (String key : new String[] {deviceModel, profile}) {
            if (key != null && byMatch.containsKey(normalised(key))) {
                return Optional.of(byMatch.get(normalised(key)));
            }
        }
        return Optional.empty();
    }

    /**
     * The model's fields first, then the kind's for every path the model does not name nor reach
     * into (a model that maps {@code pressure/value} has said what {@code pressure} is).
     */
    public Selection select(Device device, String profile) {
        Optional<Model> model = model(device.model(), profile);
        Map<String, Target> fields = new LinkedHashMap<>();
        model.ifPresent(m -> fields.putAll(m.fields()));
        byKind.getOrDefault(device.kind(), Map.of()).forEach((path, target) -> {
            boolean reached = fields.keySet().stream().anyMatch(named -> named.startsWith(path + "/"));
            if (!reached) {
                fields.putIfAbsent(path, target);
            }
        });
        return new Selection(model.map(Model::name).orElse(null), fields);
    }

    /** Model names compare without case, spaces or punctuation: "Dragino LSN50v2-S31" matches "dragino/lsn50v2-s31". */
    static String normalised(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    private static Model model(JsonObject json, MetricCatalogue catalogue, String file) {
        String name = json.getString("model");
        if (name == null || json.getJsonObject("fields") == null) {
            throw new IllegalStateException("sensor model file " + file + " needs 'model' and 'fields'");
        }
        List<String> match = new ArrayList<>();
        match.add(name);
        json.getJsonArray("match", new io.vertx.core.json.JsonArray()).forEach(m -> match.add(String.valueOf(m)));
        return new Model(name, match, targets(json.getJsonObject("fields"), catalogue, file), json.getJsonObject("example"));
    }

    private static Map<String, Target> targets(JsonObject fields, MetricCatalogue catalogue, String where) {
        Map<String, Target> targets = new LinkedHashMap<>();
        fields.forEach(e -> {
            if (!(e.getValue() instanceof JsonObject t)) {
                throw new IllegalStateException(where + ": field '" + e.getKey() + "' must map to {\"metric\": ..., \"unit\": ...}");
            }
            String metricName = t.getString("metric");
            Metric metric = catalogue.find(metricName).orElseThrow(() -> new IllegalStateException(
                    where + ": field '" + e.getKey() + "' maps to unknown metric '" + metricName + "'"));
            String unit = t.getString("unit", metric.unit());
            if (metric.conversionFrom(unit).isEmpty()) {
                throw new IllegalStateException(where + ": field '" + e.getKey() + "' has unit '" + unit
                        + "', which " + metricName + " does not accept");
            }
            targets.put(e.getKey(), new Target(metricName, unit));
        });
        return java.util.Collections.unmodifiableMap(targets);
    }

    private static String resource(String name) {
        try (InputStream in = FieldMapping.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
