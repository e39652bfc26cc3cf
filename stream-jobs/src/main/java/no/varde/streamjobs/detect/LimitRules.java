package no.varde.streamjobs.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import no.varde.model.MetricCatalogue;
import no.varde.model.anomaly.Severity;

/**
 * The limit rules (YAML, see {@code limits.yaml} beside this class for the shipped Norwegian
 * limits). Errors name the rule and the field, so a municipality can edit the file safely.
 */
public final class LimitRules implements Serializable {
    private static final String SHIPPED = "limits.yaml";

    private final List<LimitRule> rules;

    public LimitRules(List<LimitRule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static LimitRules shipped() {
        try (InputStream in = LimitRules.class.getResourceAsStream(SHIPPED)) {
            if (in == null) {
                throw new IllegalStateException("limit rules resource missing: " + SHIPPED);
            }
            return parse(in, MetricCatalogue.standard());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the shipped limit rules", e);
        }
    }

    /** The file named by {@code VARDE_LIMITS_FILE} when set (a municipality's own rules), else the shipped rules. */
    public static LimitRules configured(java.util.Map<String, String> environment) {
        String file = environment.get("VARDE_LIMITS_FILE");
        if (file == null || file.isBlank()) {
            return shipped();
        }
        try {
            return load(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read limit rules " + file, e);
        }
    }

    public static LimitRules load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, MetricCatalogue.standard());
        }
    }

    static LimitRules parse(InputStream yaml, MetricCatalogue catalogue) throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        List<LimitRule> list = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int index = 0;
        for (JsonNode node : root.path("rules")) {
            String where = "rules[" + index++ + "]";
            String id = required(node, "id", where);
            where = where + " (" + id + ")";
            if (!ids.add(id)) {
                throw new IllegalArgumentException(where + ": id used twice");
            }
            String metric = required(node, "metric", where);
            if (catalogue.find(metric).isEmpty()) {
                throw new IllegalArgumentException(where + ".metric: unknown metric '" + metric + "'");
            }
            boolean upper = node.has("above");
            if (upper == node.has("below")) {
                throw new IllegalArgumentException(where + ": give exactly one of above or below");
            }
            double limit = node.path(upper ? "above" : "below").asDouble();
            double clear = node.has("clear") ? node.path("clear").asDouble() : limit;
            Duration minimum = node.has("for") ? parseDuration(node.path("for").asText(), where + ".for") : Duration.ZERO;
            Set<String> zones = new HashSet<>();
            node.path("zones").forEach(z -> zones.add(z.asText()));
            try {
                list.add(new LimitRule(id, metric, upper, limit, clear, minimum,
                        LimitRule.Averaging.parse(node.path("average").asText("none")),
                        Severity.fromId(node.path("severity").asText("warning")), zones, required(node, "source", where)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        return new LimitRules(list);
    }

    public List<LimitRule> all() {
        return rules;
    }

    /** The rules on single readings for this metric and zone. */
    public List<LimitRule> onReadings(String metric, String zone) {
        return rules.stream().filter(r -> r.average() == LimitRule.Averaging.NONE && r.appliesTo(metric, zone)).toList();
    }

    /** The rules on averages for this metric and zone. */
    public List<LimitRule> onAverages(String metric, String zone) {
        return rules.stream().filter(r -> r.average() != LimitRule.Averaging.NONE && r.appliesTo(metric, zone)).toList();
    }

    private static String required(JsonNode node, String field, String where) {
        if (!node.hasNonNull(field) || node.path(field).asText().isBlank()) {
            throw new IllegalArgumentException(where + "." + field + ": required");
        }
        return node.path(field).asText();
    }

    /** 30s, 10m, 2h. */
    static Duration parseDuration(String text, String where) {
        String t = text.strip();
        try {
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(where + ": expected a duration like 30s, 10m or 2h, not '" + text + "'");
        }
    }
}
