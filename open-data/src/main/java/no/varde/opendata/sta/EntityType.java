package no.varde.opendata.sta;

import io.vertx.core.json.JsonObject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One SensorThings entity set over Varde's tables: the SQL that yields its rows (as {@code e}),
 * the properties a client may filter and order by, the columns that make a row unique (the
 * keyset paging key), how a row becomes JSON, and the sets it links to.
 *
 * @param name         the entity set, e.g. {@code Things}
 * @param source       a SELECT whose rows are the entities, with parameters {@code sourceParams}
 * @param idColumn     the column holding {@code @iot.id}
 * @param byId         the condition that selects one entity by its id, over the key columns (so indexes serve it)
 * @param columns      filterable and orderable properties by their SensorThings names
 * @param defaultOrder the order when the client gives none (ending in unique columns)
 * @param uniqueKey    columns that together identify a row; appended to any order for stable pages
 * @param links        navigation properties
 */
record EntityType(String name, String source, List<Object> sourceParams, String idColumn, IdCondition byId, Map<String, Column> columns,
                  List<Order> defaultOrder, List<Column> uniqueKey, Json json, List<Link> links) {

    /** One ORDER BY item. */
    record Order(Column column, boolean descending) {
    }

    /**
     * A navigation property {@code name} leading to the set {@code target}. A to-many link names the
     * target's column that holds this entity's id; a to-one link names this entity's column that holds
     * the target's id.
     */
    record Link(String name, String target, String column, boolean single, IdCondition toMany) {
        static Link many(String name, String target, String targetColumn) {
            return new Link(name, target, targetColumn, false, null);
        }

        /** A to-many link whose condition on the target is derived from this entity's id (so it can use the target's indexes). */
        static Link many(String name, String target, IdCondition condition) {
            return new Link(name, target, null, false, condition);
        }

        static Link one(String name, String target, String ownColumn) {
            return new Link(name, target, ownColumn, true, null);
        }
    }

    /** The SQL condition (over {@code alias}) and parameters that select the entity with an id; 404 if the id cannot exist. */
    interface IdCondition {
        StaQuery.Where of(String alias, String id);
    }

    /** Writes one row as a SensorThings entity, without the links (added by the caller). */
    interface Json {
        JsonObject of(ResultSet row) throws SQLException;
    }

    Link link(String linkName) {
        return links.stream().filter(l -> l.name().equals(linkName)).findFirst().orElse(null);
    }

    /** The rows of {@code target} that {@code link} from this type's entity {@code id} leads to. */
    StaQuery.Where follow(Link link, String id, EntityType target) {
        if (link.toMany() != null) {
            return link.toMany().of("e", id);
        }
        if (!link.single()) {
            return new StaQuery.Where("e." + link.column() + " = ?", List.of(id));
        }
        StaQuery.Where own = byId.of("x", id);
        List<Object> params = new ArrayList<>(own.source() != null ? own.sourceParams() : sourceParams);
        params.addAll(own.params());
        return new StaQuery.Where("e." + target.idColumn() + " IN (SELECT x." + link.column() + " FROM (" + (own.source() != null ? own.source() : source)
                + ") x WHERE " + own.sql() + ")", params);
    }

    /** The usual id condition: the id column equals the id. */
    static IdCondition plainId(String idColumn) {
        return (alias, id) -> new StaQuery.Where(alias + "." + idColumn + " = ?", List.of(id));
    }
}
