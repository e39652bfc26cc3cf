package no.varde.alerting.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A YAML node that knows where it sits in the file, so every configuration error names the exact
 * key ("rota.water.levels[0].shifts[1].days: ...") instead of a parser's line of stack trace.
 */
public final class ConfigNode {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private final JsonNode node;
    private final String path;

    public ConfigNode(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    public String path() {
        return path;
    }

    public boolean has(String key) {
        return node != null && node.hasNonNull(key);
    }

    public ConfigNode get(String key) {
        return new ConfigNode(node == null ? null : node.get(key), path.isEmpty() ? key : path + "." + key);
    }

    public boolean missing() {
        return node == null || node.isNull();
    }

    public List<ConfigNode> list() {
        List<ConfigNode> out = new ArrayList<>();
        if (missing()) {
            return out;
        }
        if (!node.isArray()) {
            throw error("expected a list");
        }
        for (int i = 0; i < node.size(); i++) {
            out.add(new ConfigNode(node.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    /** A list of strings; a single string counts as a one-element list. */
    public List<String> strings() {
        if (!missing() && node.isTextual()) {
            return List.of(node.asText());
        }
        List<String> out = new ArrayList<>();
        for (ConfigNode item : list()) {
            out.add(item.text());
        }
        return out;
    }

    public Map<String, ConfigNode> entries() {
        Map<String, ConfigNode> out = new LinkedHashMap<>();
        if (missing()) {
            return out;
        }
        if (!node.isObject()) {
            throw error("expected a map of names to settings");
        }
        node.fieldNames().forEachRemaining(name -> out.put(name, get(name)));
        return out;
    }

    public String text() {
        if (missing() || !node.isValueNode()) {
            throw error("a value is required");
        }
        return node.asText();
    }

    public String text(String fallback) {
        return missing() ? fallback : text();
    }

    public int integer(int fallback) {
        if (missing()) {
            return fallback;
        }
        if (!node.canConvertToInt()) {
            throw error("expected a whole number, got '" + node.asText() + "'");
        }
        return node.asInt();
    }

    public boolean bool(boolean fallback) {
        if (missing()) {
            return fallback;
        }
        if (!node.isBoolean()) {
            throw error("expected true or false, got '" + node.asText() + "'");
        }
        return node.asBoolean();
    }

    /** "90s", "15m", "2h", "1d", "250ms" or combinations such as "1h30m". */
    public Duration duration(Duration fallback) {
        if (missing()) {
            return fallback;
        }
        return parseDuration(text(), this);
    }

    static Duration parseDuration(String text, ConfigNode at) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(t);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                break;
            }
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
            end = m.end();
        }
        if (end != t.length() || t.isEmpty()) {
            throw at.error("'" + text + "' is not a duration (use e.g. 90s, 15m, 2h, 1d)");
        }
        return total;
    }

    public ConfigException error(String message) {
        return new ConfigException(path + ": " + message);
    }
}
