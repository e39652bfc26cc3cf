package no.varde.opendata.sta;

import io.vertx.core.json.JsonObject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * One SensorThings entity set over Varde's tables: the SQL that yields its rows (as {@code e}),
 * the properties a client may filter and order by, the columns that make a row unique (the
 * keyset paging key), how a row becomes JSON, and the sets it links to.
 *
 * @param name        the entity set, e.g. {@code Things}
 * @param source      a SELECT whose rows are the entities, with parameters {@code sourceParams}
 * @param idColumn    the column holding {@code @iot.id}
 * @param columns     filterable and orderable properties by their SensorThings names
 * @param defaultOrder the order when the client gives none (ending in unique columns)
 * @param uniqueKey   columns that together identify a row; appended to any order for stable pages
 * @param links       navigation properties: their name, and how the target set is restricted to this entity
 */
record EntityType(String name, String source, List<Object> sourceParams, String idColumn, Map<String, Column> columns,
                  List<Order> defaultOrder, List<Column> uniqueKey, Json json, List<Link> links) {

    /** One ORDER BY item. */
    record Order(Column column, boolean descending) {
    }

    /**
     * A navigation property: {@code name} (e.g. {@code Datastreams}) leads to {@code target}, whose rows
     * satisfy {@code condition} with the parent's id (or ids derived from it) bound; single when at most one.
     */
    record Link(String name, String target, String condition, IdParts parts, boolean single) {
    }

    /** Splits an entity id into the parameters of a link's condition (a Datastream id is device:metric). */
    interface IdParts {
        List<Object> of(String id);
    }

    /** Writes one row as a SensorThings entity, without the links (added by the caller). */
    interface Json {
        JsonObject of(ResultSet row) throws SQLException;
    }

    Link link(String linkName) {
        return links.stream().filter(l -> l.name().equals(linkName)).findFirst().orElse(null);
    }
}
