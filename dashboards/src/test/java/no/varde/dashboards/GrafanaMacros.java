package no.varde.dashboards;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What Grafana's PostgreSQL data source does to a panel's SQL before it reaches the database:
 * template variables first ({@code $zone} with several values becomes {@code 'Nord','Sør'}), then
 * {@code $__interval}, then the macros {@code $__timeFilter}, {@code $__timeFrom}, {@code $__timeTo},
 * {@code $__timeGroup} and {@code $__timeGroupAlias} (with {@code time_bucket} when the data source
 * has the TimescaleDB flag, as Grafana does). Anything left starting with {@code $} is an error,
 * so a panel using a macro this class does not know fails its test instead of passing unchecked.
 */
final class GrafanaMacros {
    private static final Pattern CALL = Pattern.compile("\\$__(timeFilter|timeGroupAlias|timeGroup)\\(([^,()]+)(?:,\\s*([^()]+?))?\\)");

    private final Instant from;
    private final Instant to;
    private final boolean timescale;
    private final Map<String, List<String>> variables;

    GrafanaMacros(Instant from, Instant to, boolean timescale, Map<String, List<String>> variables) {
        this.from = from;
        this.to = to;
        this.timescale = timescale;
        this.variables = variables;
    }

    /** Grafana's $__interval: the range over about 1,000 points, never below a minute. */
    Duration interval() {
        long seconds = Math.max(60, Duration.between(from, to).toSeconds() / 1000);
        return Duration.ofSeconds(seconds);
    }

    String expand(String sql) {
        String out = sql;
        // ${name:sqlstring}: the value quoted as a SQL string whatever the variable's kind (single values are otherwise raw).
        Matcher formatted = Pattern.compile("\\$\\{(\\w+):sqlstring}").matcher(out);
        StringBuilder f = new StringBuilder();
        while (formatted.find()) {
            List<String> values = variables.get(formatted.group(1));
            if (values == null) {
                throw new IllegalArgumentException("no value for ${" + formatted.group(1) + "} in: " + sql);
            }
            formatted.appendReplacement(f, Matcher.quoteReplacement(values.stream().map(v -> "'" + v.replace("'", "''") + "'")
                    .collect(Collectors.joining(","))));
        }
        formatted.appendTail(f);
        out = f.toString();
        for (Map.Entry<String, List<String>> v : variables.entrySet()) {
            String values = v.getValue().stream().map(s -> "'" + s.replace("'", "''") + "'").collect(Collectors.joining(","));
            out = out.replaceAll("\\$" + Pattern.quote(v.getKey()) + "\\b", Matcher.quoteReplacement(values));
        }
        out = out.replace("$__interval", interval().toSeconds() + "s");
        out = out.replace("$__timeFrom()", quote(from)).replace("$__timeTo()", quote(to));
        Matcher m = CALL.matcher(out);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String column = m.group(2).trim();
            String replacement = switch (m.group(1)) {
                case "timeFilter" -> column + " BETWEEN " + quote(from) + " AND " + quote(to);
                case "timeGroup" -> group(column, m.group(3));
                default -> group(column, m.group(3)) + " AS \"time\"";
            };
            m.appendReplacement(b, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(b);
        out = b.toString();
        Matcher left = Pattern.compile("\\$[A-Za-z_]+").matcher(out);
        if (left.find()) {
            throw new IllegalArgumentException("unexpanded " + left.group() + " in: " + sql);
        }
        return out;
    }

    private String group(String column, String interval) {
        long seconds = seconds(interval.trim().replace("'", ""));
        return timescale ? "time_bucket('" + seconds + "s', " + column + ")"
                : "floor(extract(epoch from " + column + ")/" + seconds + ")*" + seconds;
    }

    private static long seconds(String interval) {
        Matcher m = Pattern.compile("(\\d+)(s|m|h|d)").matcher(interval);
        if (!m.matches()) {
            throw new IllegalArgumentException("interval " + interval);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> n;
            case "m" -> n * 60;
            case "h" -> n * 3600;
            default -> n * 86400;
        };
    }

    private static String quote(Instant t) {
        return "'" + t + "'";
    }
}
