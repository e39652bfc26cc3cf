package no.varde.opendata.sta;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Where things are: Locations (a public device's registered position), HistoricalLocations (when it
 * was placed there: the registry keeps the current position only, so one per device, at its
 * registration), and FeaturesOfInterest (what an Observation observed: the device's position, or
 * the zone for a zone's mean; GeoJSON with a null geometry where no public position exists, so a
 * private meter's house is never one).
 */
final class PlaceTypes {
    private PlaceTypes() {
    }

    private static final String PUBLIC_DEVICES = "FROM devices d WHERE d.kind <> 'gateway' AND d.publication = 'public'";

    static EntityType locations() {
        Map<String, Column> c = Column.texts("id", "e.id", "name", "e.name", "description", "e.description");
        c.put("location", new Column("point(e.longitude, e.latitude)", Column.Type.POINT));
        String source = "SELECT d.id, 'Location of ' || d.id AS name, coalesce('Zone ' || d.zone, 'No zone') AS description, d.latitude, d.longitude "
                + PUBLIC_DEVICES + " AND d.latitude IS NOT NULL AND d.longitude IS NOT NULL";
        return new EntityType("Locations", source, List.of(), "id", EntityType.plainId("id"), c, byId(c), List.of(c.get("id")),
                row -> new JsonObject().put("name", row.getString("name")).put("description", row.getString("description"))
                        .put("encodingType", "application/geo+json").put("location", point(row)),
                List.of(EntityType.Link.many("Things", "Things", "id"), EntityType.Link.many("HistoricalLocations", "HistoricalLocations", "id")));
    }

    static EntityType historicalLocations() {
        Map<String, Column> c = Column.texts("id", "e.id");
        c.put("time", Column.time("e.time"));
        String source = "SELECT d.id, d.created_at AS time " + PUBLIC_DEVICES + " AND d.latitude IS NOT NULL AND d.longitude IS NOT NULL";
        return new EntityType("HistoricalLocations", source, List.of(), "id", EntityType.plainId("id"), c, byId(c), List.of(c.get("id")),
                row -> new JsonObject().put("time", row.getTimestamp("time").toInstant().toString()),
                List.of(EntityType.Link.one("Thing", "Things", "id"), EntityType.Link.many("Locations", "Locations", "id")));
    }

    static EntityType featuresOfInterest(int k) {
        Map<String, Column> c = Column.texts("id", "e.id", "name", "e.name", "description", "e.description");
        c.put("feature", new Column("point(e.longitude, e.latitude)", Column.Type.POINT));
        String source = "SELECT d.id, 'Position of ' || d.id AS name, coalesce('Zone ' || d.zone, 'No zone') AS description, d.zone,"
                + " d.latitude, d.longitude " + PUBLIC_DEVICES
                + " UNION ALL SELECT '" + SeriesId.ZONE_PREFIX + "' || d.zone, 'Zone ' || d.zone, 'The zone ' || d.zone || ' as a whole', d.zone,"
                + " NULL, NULL FROM devices d WHERE d.kind <> 'gateway' AND d.publication <> 'none' AND d.zone IS NOT NULL"
                + " GROUP BY d.zone HAVING count(*) >= CAST(? AS integer)";
        return new EntityType("FeaturesOfInterest", source, List.of(k), "id", EntityType.plainId("id"), c, byId(c), List.of(c.get("id")),
                row -> new JsonObject().put("name", row.getString("name")).put("description", row.getString("description"))
                        .put("encodingType", "application/geo+json")
                        .put("feature", new JsonObject().put("type", "Feature").put("geometry", row.getObject("latitude") == null ? null : point(row))
                                .put("properties", new JsonObject().put("zone", row.getString("zone")))),
                List.of(EntityType.Link.many("Observations", "Observations", "thing_id")));
    }

    private static List<EntityType.Order> byId(Map<String, Column> c) {
        return List.of(new EntityType.Order(c.get("id"), false));
    }

    private static JsonObject point(ResultSet row) throws SQLException {
        return new JsonObject().put("type", "Point").put("coordinates", new JsonArray().add(row.getDouble("longitude")).add(row.getDouble("latitude")));
    }
}
