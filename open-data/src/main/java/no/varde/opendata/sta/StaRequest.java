package no.varde.opendata.sta;

import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The query options of one request, checked: an unknown {@code $} option, a malformed number or
 * a bad {@code $filter}/{@code $orderby} is a 400 before any SQL is built. Parameters without a
 * {@code $} are not SensorThings options and are left alone (cache busters, tracking).
 */
record StaRequest(Expr filter, List<OrderItem> orderBy, int top, int skip, boolean count, Set<String> select,
                  String skipToken, boolean dataArray, List<ExpandItem> expand) {
    static final int DEFAULT_TOP = 100;
    static final int MAX_TOP = 1000;
    private static final Set<String> KNOWN = Set.of("$filter", "$orderby", "$top", "$skip", "$count", "$select", "$expand",
            "$skiptoken", "$resultformat");
    private static final Pattern ORDER_ITEM = Pattern.compile("\\s*([A-Za-z@][A-Za-z0-9_./@]*)(?:\\s+(asc|desc))?\\s*");

    /** One {@code $orderby} item: a property by its SensorThings name, and where in the option it stood. */
    record OrderItem(String property, boolean descending, int position) {
    }

    /** One entity, no options (what a path to one entity reads before its own options apply). */
    static final StaRequest ONE = new StaRequest(null, List.of(), 1, 0, false, Set.of(), null, false, List.of());

    static StaRequest of(MultiMap query) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String name : query.names()) {
            if (name.startsWith("$") && query.getAll(name).size() > 1) {
                throw StaException.badRequest("query option '" + name + "' given more than once");
            }
            if (name.startsWith("$")) {
                params.put(name, query.get(name));
            }
        }
        return of(params);
    }

    /** The options of a request, or of one {@code $expand} item; option names in any case ($orderBy is $orderby). */
    static StaRequest of(Map<String, String> given) {
        Map<String, String> params = new LinkedHashMap<>();
        for (Map.Entry<String, String> option : given.entrySet()) {
            String name = option.getKey().toLowerCase(java.util.Locale.ROOT);
            if (!KNOWN.contains(name)) {
                throw StaException.badRequest("unknown query option '" + option.getKey() + "' (SensorThings 1.1 defines " + String.join(", ",
                        new java.util.TreeSet<>(KNOWN)) + ")");
            }
            if (params.put(name, option.getValue()) != null) {
                throw StaException.badRequest("query option '" + option.getKey() + "' given more than once");
            }
        }
        String expand = params.get("$expand");
        String filter = params.get("$filter");
        String format = params.get("$resultformat");
        if (format != null && !format.equals("dataArray")) {
            throw StaException.badRequest("$resultFormat must be dataArray");
        }
        String count = params.get("$count");
        if (count != null && !count.equals("true") && !count.equals("false")) {
            throw StaException.badRequest("$count must be true or false");
        }
        int top = integer(params.get("$top"), "$top", DEFAULT_TOP);
        if (top > MAX_TOP) {
            throw StaException.badRequest("$top may be at most " + MAX_TOP + "; follow @iot.nextLink for more");
        }
        return new StaRequest(filter == null || filter.isBlank() ? null : FilterParser.parse(filter), orderBy(params.get("$orderby")), top,
                integer(params.get("$skip"), "$skip", 0), "true".equals(count), select(params.get("$select")), params.get("$skiptoken"),
                format != null, expand == null || expand.isBlank() ? List.of() : ExpandItem.parse(expand));
    }

    private static int integer(String text, String option, int otherwise) {
        if (text == null) {
            return otherwise;
        }
        try {
            int v = Integer.parseInt(text.strip());
            if (v < 0) {
                throw StaException.badRequest(option + " must not be negative");
            }
            return v;
        } catch (NumberFormatException e) {
            throw StaException.badRequest(option + " must be a whole number, not '" + text + "'");
        }
    }

    private static List<OrderItem> orderBy(String text) {
        List<OrderItem> items = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return items;
        }
        int at = 0;
        for (String part : text.split(",", -1)) {
            Matcher m = ORDER_ITEM.matcher(part);
            if (!m.matches()) {
                throw StaException.at("$orderby", at, "expected a property name, optionally followed by asc or desc");
            }
            items.add(new OrderItem(m.group(1), "desc".equals(m.group(2)), at + m.start(1)));
            at += part.length() + 1;
        }
        return items;
    }

    private static Set<String> select(String text) {
        if (text == null || text.isBlank()) {
            return Set.of();
        }
        Set<String> names = new LinkedHashSet<>();
        for (String s : text.split(",")) {
            names.add(s.strip().equals("id") ? "@iot.id" : s.strip());
        }
        return names;
    }
}
