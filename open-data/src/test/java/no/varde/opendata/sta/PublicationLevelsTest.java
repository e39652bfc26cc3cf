package no.varde.opendata.sta;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import no.varde.testsupport.Sql;
import org.junit.jupiter.api.Test;

/**
 * Privacy by design: the house meters (aggregated) and the secret logger (none) never leave
 * through the open API, by any path, filter, expansion or count; the zone's mean is published
 * only for hours with at least k meters, and without the unpublished logger's readings.
 */
class PublicationLevelsTest extends TownTest {
    /** Anything that would identify the hidden devices or their readings in a response. */
    private static final List<String> HIDDEN = List.of("house-meter", "secret-logger", "HomeMeter", "SecretBox", "98765");

    @Test
    void aCrawlOfEveryLinkAndExpansionNeverShowsAHiddenDevice() throws Exception {
        Deque<String> queue = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        for (Object set : town.json(town.sta("")).getJsonArray("value")) {
            queue.add(((JsonObject) set).getString("url") + "?$top=1000&$count=true");
        }
        queue.add(town.sta("/Things?$expand=" + StaFixture.q("Datastreams($expand=Observations($top=1000;$count=true),Sensor,ObservedProperty),Locations")));
        queue.add(town.sta("/ObservedProperties?$expand=" + StaFixture.q("Datastreams($count=true;$expand=Thing)")));
        queue.add(town.sta("/Sensors?$expand=Datastreams/Thing/Locations"));
        int requests = 0;
        while (!queue.isEmpty()) {
            String url = queue.poll();
            if (!seen.add(url)) {
                continue;
            }
            HttpResponse<String> r = town.get(url);
            requests++;
            assertThat(r.statusCode()).as(url).isEqualTo(200);
            for (String hidden : HIDDEN) {
                assertThat(r.body().contains(hidden)).as(url + " shows '" + hidden + "'").isFalse();
            }
            JsonObject body = new JsonObject(r.body());
            if (body.getString("@iot.nextLink") != null) {
                queue.add(body.getString("@iot.nextLink"));
            }
            JsonArray values = body.getJsonArray("value", new JsonArray());
            for (Object v : values) {
                JsonObject entity = (JsonObject) v;
                if (entity.getString("@iot.selfLink", "").contains("/Observations(")) {
                    continue; // thousands of them; their one link (Datastream) is crawled from the Datastreams
                }
                for (String field : entity.fieldNames()) {
                    if (field.endsWith("@iot.navigationLink")) {
                        queue.add(entity.getString(field));
                    }
                }
            }
        }
        assertThat(requests).isGreaterThan(50);
    }

    @Test
    void theZoneMeanCountsOnlyHoursWithKMetersAndOnlyPublishableOnes() throws Exception {
        JsonObject page = town.json(town.sta("/Datastreams('zone:Vest:water.flow~1h')/Observations?$count=true&$orderby=phenomenonTime%20asc"));
        // Meters 3 and 4 report for 12 and 6 hours: hours 0-11 have at least k = 3 meters, hours 12-23 only 2.
        assertThat(page.getLong("@iot.count")).isEqualTo(12);
        JsonArray values = page.getJsonArray("value");
        for (int hour = 0; hour < 12; hour++) {
            // Meter n reads 100 n + i at reading i (six readings an hour); the unpublished logger's 98,765 is not in the mean.
            double meters = hour < 6 ? 250 : 200;
            assertThat(values.getJsonObject(hour).getDouble("result")).as("hour " + hour).isCloseTo(meters + 6 * hour + 2.5,
                    org.assertj.core.data.Offset.offset(1e-9));
        }
        JsonObject zone = town.json(town.sta("/Things('zone:Vest')"));
        assertThat(zone.getJsonObject("properties").getInteger("devices")).isEqualTo(4); // the logger publishing nothing is not counted
        JsonObject stream = town.json(town.sta("/Datastreams('zone:Vest:water.flow~1h')"));
        assertThat(stream.getJsonObject("properties").getJsonObject("aggregate").getInteger("minimumDevices")).isEqualTo(StaFixture.K);
        assertThat(town.json(stream.getString("Sensor@iot.navigationLink")).getString("@iot.id")).isEqualTo(EntityTypes.ZONE_SENSOR);
    }

    @Test
    void noPathFilterOrCountReachesAHiddenDevice() throws Exception {
        for (String path : List.of("/Things('house-meter-1')", "/Locations('house-meter-1')", "/Datastreams('house-meter-1:water.flow')",
                "/Datastreams('house-meter-1:water.flow~1h')", "/Datastreams('secret-logger-1:water.flow~1m')",
                "/Observations('house-meter-1:water.flow@2026-11-02T00:00:00Z')", "/Things('secret-logger-1')/Datastreams",
                "/Sensors('SecretBox')")) {
            HttpResponse<String> r = town.get(town.sta(path));
            if (r.statusCode() == 200) {
                assertThat(new JsonObject(r.body()).getJsonArray("value")).as(path).isEmpty();
            } else {
                assertThat(r.statusCode()).as(path).isEqualTo(404);
            }
        }
        // Counting with filters that would single out a hidden series finds nothing.
        assertThat(town.json(town.sta("/Observations?$count=true&$top=0&$filter=" + StaFixture.q("result ge 9999"))).getLong("@iot.count")).isZero();
        assertThat(town.json(town.sta("/Things?$count=true&$filter=" + StaFixture.q("properties/zone eq 'Vest'"))).getLong("@iot.count")).isEqualTo(1);
        // Hidden identities are not filterable properties at all.
        assertThat(town.get(town.sta("/Observations?$filter=" + StaFixture.q("startswith(thing_id, 'house')"))).statusCode()).isEqualTo(400);
    }

    @Test
    void aMetricMarkedAggregatedDisappearsFromEveryDeviceAtOnce() throws Exception {
        Sql.exec(town.db, "INSERT INTO metric_publication (metric, publication) VALUES ('air.no2', 'aggregated')");
        try {
            assertThat(town.get(town.sta("/Datastreams('air-sentrum-01:air.no2')")).statusCode()).isEqualTo(404);
            assertThat(town.json(town.sta("/Observations?$count=true&$top=0&$filter=" + StaFixture.q("result eq 143")))
                    .getLong("@iot.count")).isEqualTo(2 * 2); // water flow and traffic count, raw and 1-minute; no NO2
            List<String> streams = new ArrayList<>();
            town.json(town.sta("/Things('air-sentrum-01')/Datastreams")).getJsonArray("value")
                    .forEach(v -> streams.add(((JsonObject) v).getString("@iot.id")));
            assertThat(streams).isEmpty(); // one station in Sentrum: fewer than k for a zone mean either
        } finally {
            Sql.exec(town.db, "DELETE FROM metric_publication");
        }
        assertThat(town.get(town.sta("/Datastreams('air-sentrum-01:air.no2')")).statusCode()).isEqualTo(200);
    }

    @Test
    void cachesGetAnEtagAndAScraperGets429WithRetryAfter() throws Exception {
        String url = town.sta("/Things");
        HttpResponse<String> first = town.get(url);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(first.headers().firstValue("Cache-Control")).contains("public, max-age=60");
        assertThat(first.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
        HttpResponse<String> again = town.send(url, "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();

        String limited = town.base + StaFixture.LIMITED_PATH + "/Things";
        for (int i = 0; i < 3; i++) {
            assertThat(town.get(limited).statusCode()).isEqualTo(200);
        }
        HttpResponse<String> refused = town.get(limited);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 20L);
    }
}
