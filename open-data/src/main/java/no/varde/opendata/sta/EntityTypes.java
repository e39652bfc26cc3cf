package no.varde.opendata.sta;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import no.varde.model.Metric;
import no.varde.model.MetricCatalogue;

/**
 * The SensorThings model over Varde's tables, without copying them: Things are the registered
 * field devices (gateways are infrastructure, not Things), Locations their coordinates, Sensors
 * their models, ObservedProperties the metric catalogue, Datastreams each device × metric that
 * has data, and Observations the stored readings. Only public metadata is exposed: no tokens, no
 * owner, no free-form metadata.
 */
final class EntityTypes {
    static final String MEASUREMENT = "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement";

    private final Map<String, EntityType> byName = new LinkedHashMap<>();

    EntityTypes(MetricCatalogue catalogue) {
        add(things());
        add(locations());
        add(sensors());
        add(observedProperties(catalogue));
        add(datastreams(catalogue));
        add(observations());
    }

    EntityType get(String name) {
        return byName.get(name);
    }

    List<EntityType> all() {
        return List.copyOf(byName.values());
    }

    private void add(EntityType type) {
        byName.put(type.name(), type);
    }

    private static final String FIELD_DEVICES = "FROM devices d WHERE d.kind <> 'gateway'";

    private static EntityType things() {
        Map<String, Column> c = new LinkedHashMap<>();
        c.put("id", Column.text("e.id"));
        c.put("name", Column.text("e.id"));
        c.put("description", Column.text("e.description"));
        c.put("properties/kind", Column.text("e.kind"));
        c.put("properties/zone", Column.text("e.zone"));
        c.put("properties/model", Column.text("e.model"));
        String source = "SELECT d.id, d.kind, d.zone, d.model, d.kind || ' sensor' || coalesce(' in zone ' || d.zone, '') AS description "
                + FIELD_DEVICES;
        return new EntityType("Things", source, List.of(), "id", c, List.of(new EntityType.Order(c.get("id"), false)),
                List.of(c.get("id")), row -> new JsonObject().put("name", row.getString("id")).put("description", row.getString("description"))
                        .put("properties", new JsonObject().put("kind", row.getString("kind")).put("zone", row.getString("zone"))
                                .put("model", row.getString("model"))),
                List.of(new EntityType.Link("Locations", "Locations", "e.id = ?", List::of, false),
                        new EntityType.Link("Datastreams", "Datastreams", "e.device_id = ?", List::of, false)));
    }

    private static EntityType locations() {
        Map<String, Column> c = new LinkedHashMap<>();
        c.put("id", Column.text("e.id"));
        c.put("name", Column.text("e.name"));
        c.put("description", Column.text("e.description"));
        String source = "SELECT d.id, 'Location of ' || d.id AS name, coalesce('Zone ' || d.zone, 'No zone') AS description, d.latitude, d.longitude "
                + FIELD_DEVICES + " AND d.latitude IS NOT NULL AND d.longitude IS NOT NULL";
        return new EntityType("Locations", source, List.of(), "id", c, List.of(new EntityType.Order(c.get("id"), false)),
                List.of(c.get("id")), row -> new JsonObject().put("name", row.getString("name")).put("description", row.getString("description"))
                        .put("encodingType", "application/geo+json")
                        .put("location", new JsonObject().put("type", "Point")
                                .put("coordinates", new JsonArray().add(row.getDouble("longitude")).add(row.getDouble("latitude")))),
                List.of(new EntityType.Link("Things", "Things", "e.id = ?", List::of, false)));
    }

    private static EntityType sensors() {
        Map<String, Column> c = new LinkedHashMap<>();
        c.put("id", Column.text("e.id"));
        c.put("name", Column.text("e.id"));
        String source = "SELECT DISTINCT coalesce(d.model, 'unspecified') AS id " + FIELD_DEVICES;
        return new EntityType("Sensors", source, List.of(), "id", c, List.of(new EntityType.Order(c.get("id"), false)),
                List.of(c.get("id")), row -> new JsonObject().put("name", row.getString("id"))
                        .put("description", "Devices of model " + row.getString("id") + " as registered in Varde")
                        .put("encodingType", "text/plain").put("metadata", "model " + row.getString("id")),
                List.of(new EntityType.Link("Datastreams", "Datastreams", "e.sensor_id = ?", List::of, false)));
    }

    private static EntityType observedProperties(MetricCatalogue catalogue) {
        Map<String, Column> c = new LinkedHashMap<>();
        c.put("id", Column.text("e.id"));
        c.put("name", Column.text("e.id"));
        c.put("definition", Column.text("e.definition"));
        c.put("description", Column.text("e.description"));
        List<Object> params = new ArrayList<>();
        String source = "SELECT * FROM " + catalogueValues(catalogue, params);
        return new EntityType("ObservedProperties", source, params, "id", c, List.of(new EntityType.Order(c.get("id"), false)),
                List.of(c.get("id")), row -> new JsonObject().put("name", row.getString("id")).put("definition", row.getString("definition"))
                        .put("description", row.getString("description")).put("properties", new JsonObject().put("domain", row.getString("domain"))),
                List.of(new EntityType.Link("Datastreams", "Datastreams", "e.metric = ?", List::of, false)));
    }

    /** The metric catalogue as a VALUES table {@code op(id, domain, unit, description, definition)}, every value bound. */
    private static String catalogueValues(MetricCatalogue catalogue, List<Object> params) {
        StringBuilder sql = new StringBuilder("(VALUES ");
        boolean first = true;
        for (Metric m : catalogue.all()) {
            sql.append(first ? "" : ", ").append("(CAST(? AS text), CAST(? AS text), CAST(? AS text), CAST(? AS text), CAST(? AS text))");
            params.addAll(List.of(m.name(), m.domain().name().toLowerCase(java.util.Locale.ROOT), m.unit(), m.description(),
                    Definitions.of(m.name())));
            first = false;
        }
        return sql.append(") AS op(id, domain, unit, description, definition)").toString();
    }

    private static EntityType datastreams(MetricCatalogue catalogue) {
        Map<String, Column> c = new LinkedHashMap<>();
        c.put("id", Column.text("e.id"));
        c.put("name", Column.text("e.name"));
        c.put("description", Column.text("e.description"));
        c.put("unitOfMeasurement/symbol", Column.text("e.unit"));
        c.put("properties/zone", Column.text("e.zone"));
        c.put("properties/domain", Column.text("e.domain"));
        c.put("phenomenonTimeStart", Column.time("e.first_time"));
        c.put("phenomenonTimeEnd", Column.time("e.last_time"));
        List<Object> params = new ArrayList<>();
        // Every device × metric with data, found by skipping through the 1-minute rollups' primary key
        // (one index probe per pair, not a scan of the rows); first and last minute by the same index.
        String source = "WITH RECURSIVE pairs AS ("
                + " (SELECT device_id, metric FROM readings_1m ORDER BY device_id, metric LIMIT 1)"
                + " UNION ALL SELECT n.device_id, n.metric FROM pairs p, LATERAL (SELECT r.device_id, r.metric FROM readings_1m r"
                + " WHERE (r.device_id, r.metric) > (p.device_id, p.metric) ORDER BY r.device_id, r.metric LIMIT 1) n)"
                + " SELECT p.device_id || ':' || p.metric AS id, p.device_id, p.metric, coalesce(d.model, 'unspecified') AS sensor_id, d.zone,"
                + " op.unit, op.domain, op.id || ' at ' || p.device_id AS name,"
                + " op.description || coalesce(', zone ' || d.zone, '') AS description,"
                + " (SELECT min(r.bucket) FROM readings_1m r WHERE r.device_id = p.device_id AND r.metric = p.metric) AS first_time,"
                + " (SELECT max(r.last_time) FROM readings_1m r WHERE r.device_id = p.device_id AND r.metric = p.metric) AS last_time"
                + " FROM pairs p JOIN devices d ON d.id = p.device_id AND d.kind <> 'gateway' JOIN " + catalogueValues(catalogue, params)
                + " ON op.id = p.metric";
        EntityType.IdParts deviceAndMetric = EntityTypes::datastreamParts;
        return new EntityType("Datastreams", source, params, "id", c, List.of(new EntityType.Order(c.get("id"), false)),
                List.of(c.get("id")), row -> new JsonObject().put("name", row.getString("name")).put("description", row.getString("description"))
                        .put("observationType", MEASUREMENT)
                        .put("unitOfMeasurement", new JsonObject().put("name", row.getString("unit")).put("symbol", row.getString("unit"))
                                .put("definition", "http://unitsofmeasure.org/ucum.html#" + row.getString("unit")))
                        .put("phenomenonTime", interval(row.getTimestamp("first_time"), row.getTimestamp("last_time")))
                        .put("properties", new JsonObject().put("domain", row.getString("domain")).put("zone", row.getString("zone"))
                                .put("aggregate", (String) null)),
                List.of(new EntityType.Link("Thing", "Things", "e.id = ?", id -> List.of(datastreamParts(id).get(0)), true),
                        new EntityType.Link("Sensor", "Sensors", "e.id = (SELECT coalesce(model, 'unspecified') FROM devices WHERE id = ?)",
                                id -> List.of(datastreamParts(id).get(0)), true),
                        new EntityType.Link("ObservedProperty", "ObservedProperties", "e.id = ?", id -> List.of(datastreamParts(id).get(1)), true),
                        new EntityType.Link("Observations", "Observations", "e.device_id = ? AND e.metric = ?", deviceAndMetric, false)));
    }

    private static EntityType observations() {
        Map<String, Column> c = new LinkedHashMap<>();
        c.put("result", Column.number("e.value"));
        c.put("phenomenonTime", Column.time("e.event_time"));
        c.put("resultTime", Column.time("e.event_time"));
        Column device = Column.text("e.device_id");
        Column metric = Column.text("e.metric");
        String source = "SELECT r.device_id || ':' || r.metric || ':' || to_char(r.event_time AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS id,"
                + " r.device_id, r.metric, r.event_time, r.value FROM readings r";
        return new EntityType("Observations", source, List.of(), "id", c,
                List.of(new EntityType.Order(c.get("phenomenonTime"), true), new EntityType.Order(device, true), new EntityType.Order(metric, true)),
                List.of(device, metric, c.get("phenomenonTime")),
                row -> {
                    String time = row.getTimestamp("event_time").toInstant().toString();
                    return new JsonObject().put("phenomenonTime", time).put("resultTime", time).put("result", row.getDouble("value"));
                },
                List.of(new EntityType.Link("Datastream", "Datastreams", "e.id = ?", id -> List.of(observationDatastream(id)), true)));
    }

    /** A Datastream id is {@code device:metric}; neither part can hold a colon. */
    static List<Object> datastreamParts(String id) {
        int colon = id.indexOf(':');
        if (colon <= 0 || colon == id.length() - 1 || id.indexOf(':', colon + 1) >= 0) {
            throw StaException.notFound("no Datastream '" + id + "' (a Datastream id is device:metric)");
        }
        return List.of(id.substring(0, colon), id.substring(colon + 1));
    }

    /** An Observation id is {@code device:metric:time}; its Datastream is the part before the second colon. */
    static String observationDatastream(String id) {
        int first = id.indexOf(':');
        int second = first < 0 ? -1 : id.indexOf(':', first + 1);
        if (second < 0) {
            throw StaException.notFound("no Observation '" + id + "' (an Observation id is device:metric:time)");
        }
        return id.substring(0, second);
    }

    private static String interval(Timestamp first, Timestamp last) {
        return first == null || last == null ? null : first.toInstant() + "/" + last.toInstant();
    }
}
