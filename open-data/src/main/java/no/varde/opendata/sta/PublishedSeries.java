package no.varde.opendata.sta;

import io.vertx.core.json.JsonObject;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import no.varde.model.MetricCatalogue;

/**
 * Datastreams and Observations, and the privacy rule they share: a series leaves Varde only at
 * the level its device and its metric both allow (the stricter wins). Public series are
 * published raw and as 1-minute and 1-hour means; series marked aggregated only count towards
 * their zone's hourly mean, and only in hours when at least k devices contributed; series marked
 * none never appear. The rule is in the SQL that defines the sets, so no filter, count, expansion
 * or path can reach around it.
 */
final class PublishedSeries {
    private PublishedSeries() {
    }

    /** The series of a device × metric with their effective level; needs {@code pairs} (every device × metric with rollups). */
    private static final String PUBLISHED = "published AS ("
            + " SELECT p.device_id, p.metric, d.zone, coalesce(d.model, 'unspecified') AS model, d.latitude, d.longitude,"
            + " CASE WHEN d.publication = 'none' OR mp.publication = 'none' THEN 'none'"
            + " WHEN d.publication = 'aggregated' OR mp.publication = 'aggregated' THEN 'aggregated' ELSE 'public' END AS level"
            + " FROM pairs p JOIN devices d ON d.id = p.device_id AND d.kind <> 'gateway'"
            + " LEFT JOIN metric_publication mp ON mp.metric = p.metric)";

    /** One device's metrics with data, skipping through the 1-minute rollups' key from that device's first entry. */
    private static final String PAIRS_OF_DEVICE = "pairs AS ("
            + " (SELECT device_id, metric FROM readings_1m WHERE device_id = ? ORDER BY device_id, metric LIMIT 1)"
            + " UNION ALL SELECT n.device_id, n.metric FROM pairs p, LATERAL (SELECT r.device_id, r.metric FROM readings_1m r"
            + " WHERE r.device_id = ? AND (r.device_id, r.metric) > (p.device_id, p.metric) ORDER BY r.device_id, r.metric LIMIT 1) n)";

    /** Every device × metric with data, by skipping through the 1-minute rollups' primary key (one index probe per pair). */
    private static final String PAIRS = "pairs AS ("
            + " (SELECT device_id, metric FROM readings_1m ORDER BY device_id, metric LIMIT 1)"
            + " UNION ALL SELECT n.device_id, n.metric FROM pairs p, LATERAL (SELECT r.device_id, r.metric FROM readings_1m r"
            + " WHERE (r.device_id, r.metric) > (p.device_id, p.metric) ORDER BY r.device_id, r.metric LIMIT 1) n)";

    static EntityType datastreams(MetricCatalogue catalogue, int k) {
        Map<String, Column> c = Column.texts("id", "e.id", "name", "e.name", "description", "e.description",
                "unitOfMeasurement/symbol", "e.unit", "properties/zone", "e.zone", "properties/domain", "e.domain",
                "properties/series", "e.series");
        c.put("phenomenonTimeStart", Column.time("e.first_time"));
        c.put("phenomenonTimeEnd", Column.time("e.last_time"));
        List<Object> params = new ArrayList<>();
        String source = datastreamSource(PAIRS, params, catalogue, k);
        EntityType.IdCondition byId = PublishedSeries::ofDatastream;
        return new EntityType("Datastreams", source, params, "id", byId, c, List.of(new EntityType.Order(c.get("id"), false)),
                List.of(c.get("id")), row -> datastreamJson(row, k),
                List.of(EntityType.Link.one("Thing", "Things", "thing_id"), EntityType.Link.one("Sensor", "Sensors", "sensor_id"),
                        EntityType.Link.one("ObservedProperty", "ObservedProperties", "metric"),
                        EntityType.Link.many("Observations", "Observations", (alias, id) -> observationsOf(id, k))));
    }

    /** A Thing's Datastreams; for a device, the same SQL with the skip through the rollups' key kept to that device. */
    static EntityType.IdCondition datastreamsOfThing(MetricCatalogue catalogue, int k) {
        return (alias, id) -> {
            if (id.startsWith(SeriesId.ZONE_PREFIX)) {
                return new StaQuery.Where(alias + ".thing_id = ?", List.of(id));
            }
            List<Object> params = new ArrayList<>(List.of(id, id));
            String narrow = datastreamSource(PAIRS_OF_DEVICE, params, catalogue, k);
            return new StaQuery.Where(alias + ".thing_id = ?", List.of(id), narrow, params);
        };
    }

    /** The Datastreams' SQL over the device × metric pairs that {@code pairs} (a CTE definition) yields; its parameters are appended. */
    private static String datastreamSource(String pairs, List<Object> params, MetricCatalogue catalogue, int k) {
        params.add(k);
        return "WITH RECURSIVE " + pairs + ", " + PUBLISHED + ", streams AS ("
                + " SELECT device_id AS thing_id, metric, s.series, model AS sensor_id, zone, 1 AS members, latitude, longitude"
                + " FROM published CROSS JOIN (VALUES ('raw'), ('1m'), ('1h')) AS s(series) WHERE level = 'public'"
                + " UNION ALL SELECT '" + SeriesId.ZONE_PREFIX + "' || zone, metric, 'zone', '" + EntityTypes.ZONE_SENSOR + "', zone,"
                + " count(*), NULL::double precision, NULL::double precision FROM published WHERE level <> 'none' AND zone IS NOT NULL"
                + " GROUP BY zone, metric HAVING count(*) >= CAST(? AS integer))"
                + " SELECT st.thing_id || ':' || st.metric || CASE st.series WHEN 'raw' THEN '' WHEN 'zone' THEN '~1h' ELSE '~' || st.series END AS id,"
                + " st.*, op.unit, op.domain,"
                + " op.id || CASE st.series WHEN 'raw' THEN '' WHEN '1m' THEN ', 1-minute mean' WHEN '1h' THEN ', hourly mean'"
                + " ELSE ', hourly mean over ' || st.members || ' sensors' END || ' at ' || st.thing_id AS name,"
                + " op.description || coalesce(', zone ' || st.zone, '') AS description,"
                // First and last time only for the rows asked for (after the filter), by the rollups' keys.
                + " CASE WHEN st.series = 'zone' THEN (SELECT min(h.bucket) FROM readings_1h h JOIN devices d ON d.id = h.device_id"
                + " WHERE d.zone = st.zone AND h.metric = st.metric AND publication_of(h.device_id, h.metric) <> 'none')"
                + " ELSE (SELECT min(r.bucket) FROM readings_1m r WHERE r.device_id = st.thing_id AND r.metric = st.metric) END AS first_time,"
                // The newest bucket's last reading: found through the key, where max(last_time) would read the whole series.
                + " CASE WHEN st.series = 'zone' THEN (SELECT max(h.last_time) FROM readings_1h h JOIN devices d ON d.id = h.device_id"
                + " WHERE d.zone = st.zone AND h.metric = st.metric AND publication_of(h.device_id, h.metric) <> 'none'"
                + " AND h.bucket = (SELECT max(h2.bucket) FROM readings_1h h2 JOIN devices d2 ON d2.id = h2.device_id"
                + " WHERE d2.zone = st.zone AND h2.metric = st.metric))"
                + " ELSE (SELECT r.last_time FROM readings_1m r WHERE r.device_id = st.thing_id AND r.metric = st.metric"
                + " ORDER BY r.bucket DESC LIMIT 1) END AS last_time"
                + " FROM streams st JOIN " + EntityTypes.catalogueValues(catalogue, params) + " ON op.id = st.metric";
    }

    /** One Datastream's row by its parts. */
    private static StaQuery.Where ofDatastream(String alias, String id) {
        SeriesId s = SeriesId.parse(id);
        return new StaQuery.Where(alias + ".thing_id = ? AND " + alias + ".metric = ? AND " + alias + ".series = ?",
                List.of(s.thing(), s.metric(), s.series()));
    }

    private static JsonObject datastreamJson(java.sql.ResultSet row, int k) throws java.sql.SQLException {
        String series = row.getString("series");
        return new JsonObject().put("name", row.getString("name")).put("description", row.getString("description"))
                .put("observationType", EntityTypes.MEASUREMENT)
                .put("unitOfMeasurement", new JsonObject().put("name", row.getString("unit")).put("symbol", row.getString("unit"))
                        .put("definition", "http://unitsofmeasure.org/ucum.html#" + row.getString("unit")))
                .put("phenomenonTime", interval(row.getTimestamp("first_time"), row.getTimestamp("last_time")))
                .put("observedArea", row.getObject("latitude") == null ? null : new JsonObject().put("type", "Point")
                        .put("coordinates", new io.vertx.core.json.JsonArray().add(row.getDouble("longitude")).add(row.getDouble("latitude"))))
                .put("properties", new JsonObject().put("domain", row.getString("domain")).put("zone", row.getString("zone"))
                        .put("series", series).put("aggregate", aggregate(series, row.getInt("members"), k)));
    }

    private static JsonObject aggregate(String series, int members, int k) {
        return switch (series) {
            case "1m" -> new JsonObject().put("function", "mean").put("interval", "PT1M");
            case "1h" -> new JsonObject().put("function", "mean").put("interval", "PT1H");
            case "zone" -> new JsonObject().put("function", "mean").put("interval", "PT1H").put("over", "devices in the zone")
                    .put("minimumDevices", k).put("devices", members);
            default -> null;
        };
    }

    static EntityType observations(int k) {
        Map<String, Column> c = new LinkedHashMap<>();
        c.put("result", Column.number("e.result"));
        c.put("phenomenonTime", Column.time("e.event_time"));
        c.put("resultTime", Column.time("e.event_time"));
        Column thing = Column.text("e.thing_id");
        Column metric = Column.text("e.metric");
        Column series = Column.text("e.series");
        String all = withIds(branch("raw") + " UNION ALL " + branch("1m") + " UNION ALL " + branch("1h") + " UNION ALL " + branch("zone"));
        EntityType.IdCondition byId = (alias, id) -> {
            SeriesId.ObservationId o = SeriesId.ObservationId.parse(id);
            return new StaQuery.Where(alias + ".thing_id = ? AND " + alias + ".metric = ? AND " + alias + ".series = ? AND " + alias
                    + ".event_time = CAST(? AS timestamptz)", List.of(o.datastream().thing(), o.datastream().metric(), o.datastream().series(),
                    Timestamp.from(o.time())), withIds(branch(o.datastream().series())), branchParams(o.datastream().series(), k));
        };
        return new EntityType("Observations", all, List.of(k), "id", byId, c,
                List.of(new EntityType.Order(c.get("phenomenonTime"), true), new EntityType.Order(thing, true),
                        new EntityType.Order(metric, true), new EntityType.Order(series, true)),
                List.of(thing, metric, series, c.get("phenomenonTime")),
                row -> {
                    String time = row.getTimestamp("event_time").toInstant().toString();
                    return new JsonObject().put("phenomenonTime", time).put("resultTime", time).put("result", row.getDouble("result"));
                },
                List.of(EntityType.Link.one("Datastream", "Datastreams", "datastream_id"),
                        EntityType.Link.one("FeatureOfInterest", "FeaturesOfInterest", "thing_id")));
    }

    /** One Datastream's Observations, read from its own table alone: newest first through the table's key, a page and no more. */
    static StaQuery.Where observationsOf(String id, int k) {
        SeriesId s = SeriesId.parse(id);
        return new StaQuery.Where("e.thing_id = ? AND e.metric = ? AND e.series = ?", List.of(s.thing(), s.metric(), s.series()),
                withIds(branch(s.series())), branchParams(s.series(), k));
    }

    /**
     * The rows of one kind of series. publication_of (migration V18) is checked row by row, so a series is read newest first
     * through its index; NOT IN keeps the planner's estimate of the check near "all rows pass", which they nearly all do.
     */
    private static String branch(String series) {
        String own = " WHERE publication_of(r.device_id, r.metric) NOT IN ('aggregated', 'none')";
        return switch (series) {
            case "raw" -> "SELECT r.device_id AS thing_id, r.metric, 'raw' AS series, r.event_time, r.value AS result FROM readings r" + own;
            case "1m" -> "SELECT r.device_id AS thing_id, r.metric, '1m' AS series, r.bucket AS event_time, r.avg AS result FROM readings_1m r" + own;
            case "1h" -> "SELECT r.device_id AS thing_id, r.metric, '1h' AS series, r.bucket AS event_time, r.avg AS result FROM readings_1h r" + own;
            default -> "SELECT '" + SeriesId.ZONE_PREFIX + "' || z.zone AS thing_id, z.metric, 'zone' AS series, z.bucket AS event_time, z.result FROM ("
                    + "SELECT d.zone, r.metric, r.bucket, sum(r.avg * r.count) / sum(r.count) AS result"
                    + " FROM readings_1h r JOIN devices d ON d.id = r.device_id AND d.zone IS NOT NULL"
                    + " WHERE publication_of(r.device_id, r.metric) <> 'none'"
                    + " GROUP BY d.zone, r.metric, r.bucket HAVING count(DISTINCT r.device_id) >= CAST(? AS integer)) z";
        };
    }

    private static List<Object> branchParams(String series, int k) {
        return series.equals("zone") ? List.of(k) : List.of();
    }

    private static String withIds(String source) {
        String datastreamId = "e.thing_id || ':' || e.metric || CASE e.series WHEN 'raw' THEN '' WHEN 'zone' THEN '~1h' ELSE '~' || e.series END";
        return "SELECT " + datastreamId + " AS datastream_id, " + datastreamId
                + " || '@' || to_char(e.event_time AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS id, e.* FROM (" + source + ") e";
    }

    private static String interval(Timestamp first, Timestamp last) {
        return first == null || last == null ? null : first.toInstant() + "/" + last.toInstant();
    }
}
