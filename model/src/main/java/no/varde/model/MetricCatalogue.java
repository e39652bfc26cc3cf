package no.varde.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The metrics Varde accepts, kept as data in {@code metrics.json} beside this class so that a
 * municipality can review units and ranges without reading Java.
 */
public final class MetricCatalogue {
    private static final String DEFAULT_RESOURCE = "metrics.json";

    private final Map<String, Metric> metrics;

    public MetricCatalogue(Collection<Metric> metrics) {
        Map<String, Metric> byName = new LinkedHashMap<>();
        for (Metric metric : metrics) {
            if (byName.put(metric.name(), metric) != null) {
                throw new IllegalArgumentException("metric listed twice: " + metric.name());
            }
        }
        this.metrics = Collections.unmodifiableMap(byName);
    }

    /** The catalogue shipped with Varde. */
    public static MetricCatalogue standard() {
        try (InputStream in = MetricCatalogue.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("metric catalogue resource missing: " + DEFAULT_RESOURCE);
            }
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the metric catalogue", e);
        }
    }

    static MetricCatalogue parse(InputStream json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        var list = new java.util.ArrayList<Metric>();
        for (JsonNode node : root.path("metrics")) {
            Map<String, UnitConversion> conversions = new LinkedHashMap<>();
            node.path("accepts").fields().forEachRemaining(e -> conversions.put(e.getKey(),
                    new UnitConversion(e.getValue().path("scale").asDouble(1.0),
                            e.getValue().path("offset").asDouble(0.0))));
            list.add(new Metric(
                    node.path("name").asText(),
                    Domain.fromId(node.path("domain").asText()),
                    node.path("unit").asText(),
                    node.path("min").asDouble(),
                    node.path("max").asDouble(),
                    node.path("description").asText(""),
                    conversions));
        }
        return new MetricCatalogue(list);
    }

    public Optional<Metric> find(String name) {
        return Optional.ofNullable(metrics.get(name));
    }

    public Collection<Metric> all() {
        return metrics.values();
    }

    public java.util.List<Metric> byDomain(Domain domain) {
        return metrics.values().stream().filter(m -> m.domain() == domain).toList();
    }
}
