package no.varde.opendata.sta;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import no.varde.model.Metric;
import no.varde.model.MetricCatalogue;

/**
 * The SensorThings model over Varde's tables, without copying them: Things are the field devices
 * whose data is public (gateways are infrastructure, not Things) and the zones that publish
 * hourly means over at least k devices, Locations the public devices' coordinates, Sensors their
 * models, ObservedProperties the metric catalogue, Datastreams and Observations as
 * {@link PublishedSeries} defines them. Only public metadata is exposed: no tokens, no owner, no
 * free-form metadata, nothing of a device whose data is aggregated or not published.
 */
final class EntityTypes {
    static final String MEASUREMENT = "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement";
    /** The Sensor of a zone's mean: not an instrument but a calculation over several. */
    static final String ZONE_SENSOR = "zone-mean";

    private final Map<String, EntityType> byName = new LinkedHashMap<>();

    EntityTypes(MetricCatalogue catalogue, int k) {
        add(things(k, PublishedSeries.datastreamsOfThing(catalogue, k)));
        add(PlaceTypes.locations());
        add(PlaceTypes.historicalLocations());
        add(sensors());
        add(observedProperties(catalogue));
        add(PublishedSeries.datastreams(catalogue, k));
        add(PublishedSeries.observations(k));
        add(PlaceTypes.featuresOfInterest(k));
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

    private static final String PUBLIC_DEVICES = "FROM devices d WHERE d.kind <> 'gateway' AND d.publication = 'public'";

    private static EntityType things(int k, EntityType.IdCondition datastreams) {
        Map<String, Column> c = Column.texts("id", "e.id", "name", "e.id", "description", "e.description",
                "properties/kind", "e.kind", "properties/zone", "e.zone", "properties/model", "e.model");
        String source = "SELECT d.id, d.kind, d.zone, d.model, d.kind || ' sensor' || coalesce(' in zone ' || d.zone, '') AS description, 0 AS members "
                + PUBLIC_DEVICES
                + " UNION ALL SELECT '" + SeriesId.ZONE_PREFIX + "' || d.zone, NULL, d.zone, NULL, 'Zone ' || d.zone"
                + " || ': hourly means over the sensors in the zone, published only for hours with at least ' || CAST(? AS integer) || ' sensors',"
                + " count(*) FROM devices d WHERE d.kind <> 'gateway' AND d.publication <> 'none' AND d.zone IS NOT NULL"
                + " GROUP BY d.zone HAVING count(*) >= CAST(? AS integer)";
        return new EntityType("Things", source, List.of(k, k), "id", EntityType.plainId("id"), c, List.of(new EntityType.Order(c.get("id"), false)),
                List.of(c.get("id")), row -> {
                    JsonObject properties = new JsonObject().put("zone", row.getString("zone"));
                    if (row.getString("kind") != null) {
                        properties.put("kind", row.getString("kind")).put("model", row.getString("model"));
                    } else {
                        properties.put("aggregate", true).put("devices", row.getInt("members"));
                    }
                    return new JsonObject().put("name", row.getString("id")).put("description", row.getString("description"))
                            .put("properties", properties);
                },
                List.of(EntityType.Link.many("Locations", "Locations", "id"), EntityType.Link.many("HistoricalLocations", "HistoricalLocations", "id"),
                        EntityType.Link.many("Datastreams", "Datastreams", datastreams)));
    }

    private static EntityType sensors() {
        Map<String, Column> c = Column.texts("id", "e.id", "name", "e.id");
        String source = "SELECT DISTINCT coalesce(d.model, 'unspecified') AS id " + PUBLIC_DEVICES + " UNION SELECT '" + ZONE_SENSOR + "'";
        return new EntityType("Sensors", source, List.of(), "id", EntityType.plainId("id"), c, List.of(new EntityType.Order(c.get("id"), false)),
                List.of(c.get("id")), row -> {
                    String id = row.getString("id");
                    boolean zone = id.equals(ZONE_SENSOR);
                    return new JsonObject().put("name", id)
                            .put("description", zone ? "The mean of the sensors of a zone over an hour (not an instrument)"
                                    : "Devices of model " + id + " as registered in Varde")
                            .put("encodingType", "text/plain").put("metadata", zone ? "mean over devices, weighted by readings" : "model " + id);
                },
                List.of(EntityType.Link.many("Datastreams", "Datastreams", "sensor_id")));
    }

    private static EntityType observedProperties(MetricCatalogue catalogue) {
        Map<String, Column> c = Column.texts("id", "e.id", "name", "e.id", "definition", "e.definition", "description", "e.description");
        List<Object> params = new java.util.ArrayList<>();
        String source = "SELECT * FROM " + catalogueValues(catalogue, params);
        return new EntityType("ObservedProperties", source, params, "id", EntityType.plainId("id"), c,
                List.of(new EntityType.Order(c.get("id"), false)),
                List.of(c.get("id")), row -> new JsonObject().put("name", row.getString("id")).put("definition", row.getString("definition"))
                        .put("description", row.getString("description")).put("properties", new JsonObject().put("domain", row.getString("domain"))),
                List.of(EntityType.Link.many("Datastreams", "Datastreams", "metric")));
    }

    /** The metric catalogue as a VALUES table {@code op(id, domain, unit, description, definition)}, every value bound. */
    static String catalogueValues(MetricCatalogue catalogue, List<Object> params) {
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
}
