package no.varde.alerting.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import no.varde.alerting.rota.OnCallRota;
import no.varde.alerting.rota.Person;
import no.varde.alerting.rota.Shift;
import no.varde.alerting.routing.AlertRouter;
import no.varde.alerting.routing.Route;
import no.varde.alerting.routing.Target;
import no.varde.model.Domain;
import no.varde.model.anomaly.Severity;

/**
 * Reads alerting.yaml. Secrets stay out of the file: {@code ${NAME}} and {@code ${NAME:-default}}
 * are replaced from the environment before parsing, and an unset variable without a default is an
 * error that names it. Every other mistake names its key. The shipped example is
 * {@code alerting/alerting-example.yaml}; {@code bin/varde run} uses {@code alerting/demo.yaml}.
 */
public final class AlertingConfigLoader {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
    private static final Pattern TIME = Pattern.compile("(\\d{1,2}):(\\d{2})");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private AlertingConfigLoader() {
    }

    public static AlertingConfig load(Path file, Map<String, String> env) throws IOException {
        return parse(Files.readString(file), env);
    }

    public static AlertingConfig resource(String name, Map<String, String> env) throws IOException {
        try (InputStream in = AlertingConfigLoader.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " is not on the classpath");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), env);
        }
    }

    public static AlertingConfig parse(String yaml, Map<String, String> env) throws IOException {
        ConfigNode root = new ConfigNode(YAML.readTree(expand(yaml, env::get)), "");
        ZoneId zone;
        try {
            zone = ZoneId.of(root.get("timezone").text("Europe/Oslo"));
        } catch (DateTimeException e) {
            throw root.get("timezone").error(e.getMessage());
        }
        Map<String, Person> people = new LinkedHashMap<>();
        root.get("people").entries().forEach((id, p) -> people.put(id, new Person(id, p.get("name").text(id),
                p.get("sms").text(null), p.get("email").text(null))));
        Map<String, ChannelSettings> channels = new LinkedHashMap<>();
        root.get("channels").entries().forEach((name, c) -> {
            String type = c.get("type").text();
            if (!ChannelSettings.TYPES.contains(type)) {
                throw c.get("type").error("unknown channel type '" + type + "' (known: " + new TreeSet<>(ChannelSettings.TYPES) + ")");
            }
            channels.put(name, new ChannelSettings(name, type, c, RetryPolicy.from(c.get("retry")),
                    c.get("timeout").duration(Duration.ofSeconds(10)), Math.max(1, c.get("concurrency").integer(4))));
        });
        OnCallRota rota = new OnCallRota(zone, rota(root.get("rota"), people), people);
        List<Route> routes = new ArrayList<>();
        for (ConfigNode r : root.get("routes").list()) {
            routes.add(route(r, channels));
        }
        ResidentSettings residents = ResidentSettings.from(root.get("residents"));
        for (String ch : new String[] {residents.smsChannel(), residents.emailChannel()}) {
            if (ch != null && !channels.containsKey(ch)) {
                throw root.get("residents").error("channel '" + ch + "' is not configured under channels");
            }
        }
        String publicUrl = root.get("public_url").text("http://localhost:8080");
        return new AlertingConfig(zone, publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl,
                root.get("dashboard_url").text(""), Timing.from(root.get("timing")), rota, new AlertRouter(routes, zone), channels, residents);
    }

    static String expand(String yaml, Function<String, String> env) {
        StringBuilder out = new StringBuilder();
        for (String line : yaml.split("\n", -1)) {
            if (line.stripLeading().startsWith("#")) {
                out.append(line).append('\n');
                continue;
            }
            Matcher m = VARIABLE.matcher(line);
            StringBuilder expanded = new StringBuilder();
            while (m.find()) {
                String value = env.apply(m.group(1));
                if (value == null || value.isEmpty()) {
                    if (m.group(2) == null) {
                        throw new ConfigException("environment variable " + m.group(1) + " is not set (alerting configuration needs it)");
                    }
                    value = m.group(2);
                }
                m.appendReplacement(expanded, Matcher.quoteReplacement(value));
            }
            m.appendTail(expanded);
            out.append(expanded).append('\n');
        }
        return out.toString();
    }

    private static Map<Domain, OnCallRota.DomainRota> rota(ConfigNode node, Map<String, Person> people) {
        Map<Domain, OnCallRota.DomainRota> out = new EnumMap<>(Domain.class);
        node.entries().forEach((domainName, d) -> {
            Domain domain = domain(domainName, d);
            List<OnCallRota.Level> levels = new ArrayList<>();
            for (ConfigNode level : d.get("levels").list()) {
                List<Shift> shifts = new ArrayList<>();
                for (ConfigNode s : level.get("shifts").list()) {
                    LocalDate rotate = s.has("rotate_weekly_from") ? date(s.get("rotate_weekly_from")) : null;
                    shifts.add(new Shift(days(s.get("days")), minute(s.get("from"), "00:00"), minute(s.get("to"), "24:00"),
                            peopleOf(s.get("people"), people), rotate));
                }
                List<OnCallRota.Override> overrides = new ArrayList<>();
                for (ConfigNode o : level.get("overrides").list()) {
                    overrides.add(new OnCallRota.Override(dateTime(o.get("from")), dateTime(o.get("to")), peopleOf(o.get("people"), people)));
                }
                if (shifts.isEmpty() && overrides.isEmpty()) {
                    throw level.error("a level needs at least one shift");
                }
                levels.add(new OnCallRota.Level(level.get("name").text("level " + levels.size()), shifts, overrides));
            }
            if (levels.isEmpty()) {
                throw d.get("levels").error("at least one level is required");
            }
            out.put(domain, new OnCallRota.DomainRota(d.get("escalate_after").duration(Duration.ofMinutes(15)), levels));
        });
        return out;
    }

    private static Route route(ConfigNode r, Map<String, ChannelSettings> channels) {
        ConfigNode match = r.get("match");
        Set<Domain> domains = EnumSet.noneOf(Domain.class);
        for (ConfigNode d : match.get("domains").list()) {
            domains.add(domain(d.text(), d));
        }
        Severity min;
        try {
            min = Severity.fromId(match.get("min_severity").text("info"));
        } catch (IllegalArgumentException e) {
            throw match.get("min_severity").error("must be info, warning or critical");
        }
        String hours = match.get("hours").text("00:00-24:00");
        String[] fromTo = hours.split("-");
        if (fromTo.length != 2) {
            throw match.get("hours").error("write hours as HH:MM-HH:MM, e.g. 07:00-16:00 or 22:00-07:00");
        }
        List<Target> targets = new ArrayList<>();
        for (String t : r.get("notify").strings()) {
            Target target = Target.parse(t);
            if (!channels.containsKey(target.channel())) {
                throw r.get("notify").error("channel '" + target.channel() + "' is not configured under channels");
            }
            targets.add(target);
        }
        return new Route(r.get("name").text("route"), domains, Set.copyOf(match.get("zones").strings()), min,
                match.has("days") ? days(match.get("days")) : EnumSet.noneOf(DayOfWeek.class),
                parseMinute(fromTo[0].trim(), match.get("hours")), parseMinute(fromTo[1].trim(), match.get("hours")),
                targets, r.get("continue").bool(false));
    }

    private static Domain domain(String name, ConfigNode at) {
        try {
            return Domain.fromId(name);
        } catch (IllegalArgumentException e) {
            throw at.error("'" + name + "' is not a domain (water, air, traffic)");
        }
    }

    private static List<String> peopleOf(ConfigNode node, Map<String, Person> people) {
        List<String> ids = node.strings();
        if (ids.isEmpty()) {
            throw node.error("at least one person is required");
        }
        for (String id : ids) {
            if (!people.containsKey(id)) {
                throw node.error("'" + id + "' is not listed under people");
            }
        }
        return List.copyOf(ids);
    }

    /** "MON-FRI", "SAT,SUN", "MON-SUN" or a list of them; days may wrap ("FRI-MON"). */
    static Set<DayOfWeek> days(ConfigNode node) {
        Set<DayOfWeek> out = EnumSet.noneOf(DayOfWeek.class);
        List<String> parts = node.missing() ? List.of("MON-SUN") : node.strings();
        for (String part : parts) {
            for (String piece : part.split(",")) {
                String[] range = piece.trim().split("-");
                DayOfWeek from = day(range[0], node);
                DayOfWeek to = range.length > 1 ? day(range[1], node) : from;
                for (DayOfWeek d = from; ; d = d.plus(1)) {
                    out.add(d);
                    if (d == to) {
                        break;
                    }
                }
            }
        }
        return out;
    }

    private static DayOfWeek day(String text, ConfigNode at) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            if (t.length() >= 2 && d.name().startsWith(t)) {
                return d;
            }
        }
        throw at.error("'" + text + "' is not a day (MON, TUE, WED, THU, FRI, SAT, SUN)");
    }

    private static int minute(ConfigNode node, String fallback) {
        return parseMinute(node.text(fallback), node);
    }

    private static int parseMinute(String text, ConfigNode at) {
        Matcher m = TIME.matcher(text);
        if (!m.matches()) {
            throw at.error("'" + text + "' is not a time of day (HH:MM)");
        }
        int minutes = Integer.parseInt(m.group(1)) * 60 + Integer.parseInt(m.group(2));
        if (minutes > 24 * 60 || Integer.parseInt(m.group(2)) > 59) {
            throw at.error("'" + text + "' is not a time of day (00:00 to 24:00)");
        }
        return minutes;
    }

    private static LocalDate date(ConfigNode node) {
        try {
            return LocalDate.parse(node.text());
        } catch (DateTimeException e) {
            throw node.error("'" + node.text() + "' is not a date (YYYY-MM-DD)");
        }
    }

    private static LocalDateTime dateTime(ConfigNode node) {
        try {
            return LocalDateTime.parse(node.text());
        } catch (DateTimeException e) {
            throw node.error("'" + node.text() + "' is not a local date and time (YYYY-MM-DDTHH:MM)");
        }
    }
}
