package no.varde.opendata.sta;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import java.util.Map;

/**
 * Reads entities as SensorThings JSON: self and navigation links on every entity, {@code $select},
 * and {@code $expand} (each expanded set read with its own options and paged with its own next
 * link). Expanding runs one query per entity and item, over the same restricted sets, so an
 * expansion can reach nothing a path could not.
 */
final class EntityReader {
    private final EntityTypes types;
    private final StaQuery query;
    private final String publicBase;

    EntityReader(EntityTypes types, StaQuery query, String publicBase) {
        this.types = types;
        this.query = query;
        this.publicBase = publicBase;
    }

    /** One entity with its expansions, or null when there is none. */
    JsonObject one(EntityType type, StaQuery.Where where, StaRequest request) throws SQLException {
        StaQuery.Page page = query.page(type, where, StaRequest.ONE);
        if (page.rows().isEmpty()) {
            return null;
        }
        return complete(type, page.rows().get(0), page.ids().get(0), request);
    }

    /** One page of entities; {@code nextLink} is the caller's (it knows the request's URL). */
    StaQuery.Page page(EntityType type, StaQuery.Where where, StaRequest request) throws SQLException {
        return query.page(type, where, request);
    }

    JsonArray values(EntityType type, StaQuery.Page page, StaRequest request, boolean refsOnly) throws SQLException {
        JsonArray values = new JsonArray();
        for (int i = 0; i < page.rows().size(); i++) {
            if (refsOnly) {
                values.add(new JsonObject().put("@iot.selfLink", selfLink(type, page.ids().get(i))));
            } else {
                values.add(complete(type, page.rows().get(i), page.ids().get(i), request));
            }
        }
        return values;
    }

    JsonObject complete(EntityType type, JsonObject fields, String id, StaRequest request) throws SQLException {
        String self = selfLink(type, id);
        JsonObject e = new JsonObject().put("@iot.id", id).put("@iot.selfLink", self);
        e.mergeIn(fields);
        for (EntityType.Link link : type.links()) {
            e.put(link.name() + "@iot.navigationLink", self + "/" + link.name());
        }
        e = select(e, request);
        for (ExpandItem item : request.expand()) {
            expand(e, type, id, self, item);
        }
        return e;
    }

    private void expand(JsonObject entity, EntityType type, String id, String self, ExpandItem item) throws SQLException {
        EntityType.Link link = type.link(item.link());
        if (link == null) {
            throw StaException.badRequest("$expand: " + type.name() + " has no navigation property '" + item.link() + "'");
        }
        EntityType target = types.get(link.target());
        StaQuery.Where where = type.follow(link, id, target);
        StaRequest options = StaRequest.of(item.options());
        if (link.single()) {
            JsonObject one = one(target, where, options);
            entity.put(link.name(), one);
            return;
        }
        StaQuery.Page page = query.page(target, where, options);
        entity.put(link.name(), values(target, page, options, false));
        if (page.count() != null) {
            entity.put(link.name() + "@iot.count", page.count());
        }
        if (page.skipToken() != null || page.nextSkip() != null) {
            entity.put(link.name() + "@iot.nextLink", self + "/" + link.name() + "?" + StaLinks.query(item.options(), page));
        }
    }

    String selfLink(EntityType type, String id) {
        return publicBase + "/" + type.name() + StaLinks.pathId(id);
    }

    private static JsonObject select(JsonObject entity, StaRequest request) {
        if (request.select().isEmpty()) {
            return entity;
        }
        JsonObject out = new JsonObject();
        for (Map.Entry<String, Object> field : entity) {
            String name = field.getKey().replace("@iot.navigationLink", "");
            if (request.select().contains(field.getKey()) || request.select().contains(name)) {
                out.put(field.getKey(), field.getValue());
            }
        }
        return out;
    }
}
