package no.varde.opendata.sta;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A resource path below the service root, resolved against the entity types: a collection
 * ({@code /Things}), one entity ({@code /Things('id')}), the targets of a navigation link
 * ({@code /Things('id')/Datastreams}, chained), one property ({@code /Observations('id')/result}),
 * its raw value ({@code .../result/$value}) or only the links ({@code .../$ref}).
 *
 * @param type     the entity type the path ends on
 * @param where    which of its rows the path means
 * @param single   the path names one entity (404 when there is none)
 * @param property a property asked for alone, or null
 * @param rawValue {@code $value}: the property's value as plain text
 * @param refs     {@code $ref}: only the self links
 */
record StaPath(EntityType type, StaQuery.Where where, boolean single, String property, boolean rawValue, boolean refs) {
    private static final Pattern SEGMENT = Pattern.compile("([A-Za-z]+)(?:\\((?:'((?:[^']|'')*)'|(-?\\d+))\\))?");

    static StaPath resolve(EntityTypes types, String path) {
        List<String> segments = new ArrayList<>(List.of(path.split("/", -1)));
        boolean refs = false;
        boolean raw = false;
        if (segments.get(segments.size() - 1).equals("$ref")) {
            refs = true;
            segments.remove(segments.size() - 1);
        } else if (segments.get(segments.size() - 1).equals("$value")) {
            raw = true;
            segments.remove(segments.size() - 1);
        }
        EntityType type = null;
        StaQuery.Where where = StaQuery.Where.NONE;
        String id = null;
        boolean single = false;
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            Matcher m = SEGMENT.matcher(segment);
            if (!m.matches()) {
                throw StaException.notFound("no resource '" + segment + "'");
            }
            String name = m.group(1);
            String key = m.group(2) != null ? m.group(2).replace("''", "'") : m.group(3);
            if (type == null) {
                type = types.get(name);
                if (type == null) {
                    throw StaException.notFound("no entity set '" + name + "' (there are " + names(types) + ")");
                }
            } else {
                EntityType.Link link = type.link(name);
                if (link == null && id != null && key == null && i == segments.size() - 1 && isProperty(type, name)) {
                    if (refs) {
                        throw StaException.badRequest("$ref follows a navigation property, not a property");
                    }
                    return new StaPath(type, where, true, name, raw, false);
                }
                if (link == null) {
                    throw StaException.notFound(type.name() + " has no navigation property '" + name + "'");
                }
                if (id == null) {
                    throw StaException.badRequest("name one " + type.name() + " (" + type.name() + "('id')) before following " + name);
                }
                EntityType target = types.get(link.target());
                where = type.follow(link, id, target);
                type = target;
                single = link.single();
                id = null;
            }
            if (key != null) {
                if (single && i > 0) {
                    throw StaException.badRequest(name + " is a single entity; it takes no id");
                }
                where = where.and(type.byId().of("e", key));
                id = key;
                single = true;
            }
        }
        if (raw) {
            throw StaException.badRequest("$value follows a property, e.g. /Observations('id')/result/$value");
        }
        return new StaPath(type, where, single, null, false, refs);
    }

    private static boolean isProperty(EntityType type, String name) {
        return List.of("name", "description", "result", "phenomenonTime", "resultTime", "location", "encodingType", "properties",
                "unitOfMeasurement", "observationType", "definition", "metadata", "time", "feature").contains(name) || type.columns().containsKey(name);
    }

    private static String names(EntityTypes types) {
        return String.join(", ", types.all().stream().map(EntityType::name).toList());
    }
}
