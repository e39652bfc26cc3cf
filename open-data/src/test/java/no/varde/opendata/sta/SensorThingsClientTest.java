package no.varde.opendata.sta;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reads the town as a SensorThings client would: from the service root it follows only the links
 * the server gives (entity sets, navigation links, next links), filters, orders, selects and counts,
 * against a real PostgreSQL over HTTP.
 */
class SensorThingsClientTest extends TownTest {
    @Test
    void aClientFollowsLinksFromTheRootToEveryObservationOfADatastream() throws Exception {
        JsonObject root = town.json(town.sta(""));
        assertThat(root.getJsonObject("serverSettings").getJsonArray("conformance")).contains(
                "http://www.opengis.net/spec/iot_sensing/1.1/req/datamodel");
        String thingsUrl = urlOf(root, "Things");
        JsonArray things = town.json(thingsUrl).getJsonArray("value");
        // The gateway is not a Thing; the house meters only count towards their zone's mean.
        assertThat(ids(things)).containsExactly("air-sentrum-01", "traffic-ost-01", "water-nord-01", "zone:Vest");
        JsonObject water = things.getJsonObject(2);
        assertThat(water.getJsonObject("properties").getString("zone")).isEqualTo("Nord");
        assertThat(water.fieldNames()).doesNotContain("metadata", "credential_hash", "enabled");

        JsonObject location = town.json(water.getString("Locations@iot.navigationLink")).getJsonArray("value").getJsonObject(0);
        assertThat(location.getJsonObject("location").getJsonArray("coordinates")).containsExactly(10.75, 59.95);

        JsonArray datastreams = town.json(water.getString("Datastreams@iot.navigationLink")).getJsonArray("value");
        assertThat(ids(datastreams)).containsExactly("water-nord-01:water.flow", "water-nord-01:water.flow~1h", "water-nord-01:water.flow~1m",
                "water-nord-01:water.pressure", "water-nord-01:water.pressure~1h", "water-nord-01:water.pressure~1m");
        JsonObject pressure = datastreams.getJsonObject(3);
        assertThat(datastreams.getJsonObject(4).getJsonObject("properties").getJsonObject("aggregate").getString("interval")).isEqualTo("PT1H");
        assertThat(pressure.getJsonObject("unitOfMeasurement").getString("symbol")).isEqualTo("bar");
        assertThat(pressure.getString("phenomenonTime")).isEqualTo("2026-11-02T00:00:00Z/2026-11-02T23:50:00Z");
        JsonObject property = town.json(pressure.getString("ObservedProperty@iot.navigationLink"));
        assertThat(property.getString("definition")).isEqualTo("http://qudt.org/vocab/quantitykind/Pressure");
        assertThat(town.json(pressure.getString("Thing@iot.navigationLink")).getString("@iot.id")).isEqualTo("water-nord-01");

        // Page through all 144 observations, 50 at a time, newest first, by the next links alone.
        List<Double> results = new ArrayList<>();
        String next = pressure.getString("Observations@iot.navigationLink") + "?$top=50&$count=true";
        int pages = 0;
        while (next != null) {
            JsonObject page = town.json(next);
            if (pages == 0) {
                assertThat(page.getLong("@iot.count")).isEqualTo(144);
            }
            page.getJsonArray("value").forEach(o -> results.add(((JsonObject) o).getDouble("result")));
            next = page.getString("@iot.nextLink");
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(results).hasSize(144).doesNotHaveDuplicates();
        assertThat(results.get(0)).isEqualTo(StaFixture.value("water-nord-01", "water.pressure", 143));
        assertThat(results.get(143)).isEqualTo(3.0);
    }

    @Test
    void filtersOrdersSelectsAndCountsObservations() throws Exception {
        String url = town.sta("/Datastreams('water-nord-01:water.pressure')/Observations?$filter="
                + StaFixture.q("result ge 4.0 and phenomenonTime lt 2026-11-02T20:00:00Z") + "&$orderby=" + StaFixture.q("phenomenonTime asc")
                + "&$select=result,phenomenonTime&$count=true");
        JsonObject page = town.json(url);
        // result >= 4.00 from reading 100 (16:40); before 20:00 up to reading 119.
        assertThat(page.getLong("@iot.count")).isEqualTo(20);
        JsonObject first = page.getJsonArray("value").getJsonObject(0);
        assertThat(first.fieldNames()).containsExactlyInAnyOrder("result", "phenomenonTime");
        assertThat(first.getString("phenomenonTime")).isEqualTo("2026-11-02T16:40:00Z");

        JsonObject arithmetic = town.json(town.sta("/Observations?$filter=" + StaFixture.q("result mul 2 sub 1 eq 9 and hour(phenomenonTime) eq 0")
                + "&$count=true"));
        // Value 5 at 00:50 in the three series whose value is i: each raw and as its 1-minute mean (one reading a minute-bucket here).
        assertThat(arithmetic.getLong("@iot.count")).isEqualTo(6);
    }

    @Test
    void stringFunctionsFilterThingsAndDatastreams() throws Exception {
        assertThat(ids(town.json(town.sta("/Things?$filter=" + StaFixture.q("startswith(name, 'water') or properties/zone eq 'Øst'")))
                .getJsonArray("value"))).containsExactly("traffic-ost-01", "water-nord-01");
        assertThat(ids(town.json(town.sta("/Datastreams?$filter=" + StaFixture.q("unitOfMeasurement/symbol eq 'ug/m3'")))
                .getJsonArray("value"))).containsExactly("air-sentrum-01:air.no2", "air-sentrum-01:air.no2~1h", "air-sentrum-01:air.no2~1m");
        assertThat(ids(town.json(town.sta("/Things?$filter=" + StaFixture.q("not contains(tolower(description), 'zone')")))
                .getJsonArray("value"))).isEmpty();
    }

    @Test
    void dataArrayValueAndRefPaths() throws Exception {
        JsonObject array = town.json(town.sta("/Datastreams('air-sentrum-01:air.no2')/Observations?$resultFormat=dataArray&$top=3"));
        JsonObject group = array.getJsonArray("value").getJsonObject(0);
        assertThat(group.getJsonArray("components")).containsExactly("id", "phenomenonTime", "resultTime", "result");
        assertThat(group.getInteger("dataArray@iot.count")).isEqualTo(3);
        assertThat(group.getJsonArray("dataArray").getJsonArray(0).getValue(3)).isEqualTo(143.0);

        String observation = group.getJsonArray("dataArray").getJsonArray(0).getString(0);
        HttpResponse<String> raw = town.get(town.sta("/Observations('" + observation + "')/result/$value"));
        assertThat(raw.body()).isEqualTo("143.0");
        assertThat(raw.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));

        JsonArray refs = town.json(town.sta("/Things/$ref")).getJsonArray("value");
        assertThat(refs.getJsonObject(0).fieldNames()).containsExactly("@iot.selfLink");
    }

    @Test
    void locationsInsideAPolygon() throws Exception {
        // A box around central Oslo's north (59.94-59.96 N, 10.74-10.76 E) holds water-nord-01 only.
        String box = "geography'POLYGON((10.74 59.94, 10.76 59.94, 10.76 59.96, 10.74 59.96, 10.74 59.94))'";
        assertThat(ids(town.json(town.sta("/Locations?$filter=" + StaFixture.q("st_within(location, " + box + ")"))).getJsonArray("value")))
                .containsExactly("water-nord-01");
        assertThat(ids(town.json(town.sta("/Locations?$filter=" + StaFixture.q("not geo.intersects(location, " + box + ")"))).getJsonArray("value")))
                .containsExactly("air-sentrum-01");
        assertThat(ids(town.json(town.sta("/Locations?$filter=" + StaFixture.q("geo.distance(location, geography'POINT(10.74 59.91)') lt 0.001")))
                .getJsonArray("value"))).containsExactly("air-sentrum-01");
        assertError("/Locations?$filter=" + StaFixture.q("st_within(location, geography'POLYGON((1 2, 3 4))')"), 400, "at least 4 points");
    }

    @Test
    void expandsNestedWithTheirOwnOptions() throws Exception {
        JsonObject thing = town.json(town.sta("/Things('water-nord-01')?$expand=" + StaFixture.q(
                "Datastreams($filter=properties/series eq 'raw';$orderby=id desc;$expand=Observations($top=2;$count=true),ObservedProperty),Locations")));
        JsonArray streams = thing.getJsonArray("Datastreams");
        assertThat(ids(streams)).containsExactly("water-nord-01:water.pressure", "water-nord-01:water.flow");
        JsonObject pressure = streams.getJsonObject(0);
        assertThat(pressure.getJsonArray("Observations")).hasSize(2);
        assertThat(pressure.getLong("Observations@iot.count")).isEqualTo(144);
        assertThat(pressure.getJsonObject("ObservedProperty").getString("@iot.id")).isEqualTo("water.pressure");
        // The expanded page continues where it ends, by its own next link.
        JsonObject next = town.json(pressure.getString("Observations@iot.nextLink"));
        assertThat(next.getJsonArray("value").getJsonObject(0).getDouble("result")).isEqualTo(StaFixture.value("water-nord-01", "water.pressure", 141));
        assertThat(thing.getJsonArray("Locations")).hasSize(1);
        assertError("/Things?$expand=Datastreams($frob=1)", 400, "unknown query option '$frob'");
        assertError("/Things?$expand=Unicorns", 400, "no navigation property 'Unicorns'");
    }

    @Test
    void badRequestsSayWhatAndWhere() throws Exception {
        assertError("/Things?$filter=" + StaFixture.q("name eq 'x' and"), 400, "at position 16");
        assertError("/Things?$filter=" + StaFixture.q("nmae eq 'x'"), 400, "'nmae' is not a property of Things");
        assertError("/Observations?$filter=" + StaFixture.q("result gt 2026-01-01T00:00:00Z"), 400, "cannot compare a number with a date-time");
        assertError("/Things?$filter=" + StaFixture.q("name eq 'unclosed"), 400, "never closed");
        assertError("/Things?$frobnicate=1", 400, "unknown query option '$frobnicate'");
        assertError("/Things?$top=1&$TOP=2", 400, "given more than once");
        // Option names are not case-sensitive: $orderBy orders, it is not ignored.
        assertThat(ids(town.json(town.sta("/Things?$orderBy=id%20desc&$Top=1")).getJsonArray("value"))).containsExactly("zone:Vest");
        assertError("/Things?$top=abc", 400, "$top must be a whole number");
        assertError("/Things?$orderby=" + StaFixture.q("name sideways"), 400, "$orderby");
        assertError("/Things('nobody')", 404, "no such Things entity");
        assertError("/Unicorns", 404, "no entity set 'Unicorns'");
        assertError("/Things?$skiptoken=garbage", 400, "$skiptoken");
        // Injection attempts are values, never SQL.
        assertThat(town.json(town.sta("/Things?$filter=" + StaFixture.q("name eq 'x'') OR 1=1 --'"))).getJsonArray("value")).isEmpty();
    }

    private void assertError(String path, int status, String message) throws Exception {
        HttpResponse<String> r = town.get(town.sta(path));
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(status);
        assertThat(new JsonObject(r.body()).getString("message")).contains(message);
    }

    private static String urlOf(JsonObject root, String set) {
        for (Object o : root.getJsonArray("value")) {
            if (((JsonObject) o).getString("name").equals(set)) {
                return ((JsonObject) o).getString("url");
            }
        }
        throw new AssertionError("no " + set + " in the service root");
    }

    private static List<String> ids(JsonArray values) {
        List<String> ids = new ArrayList<>();
        values.forEach(v -> ids.add(((JsonObject) v).getString("@iot.id")));
        return ids;
    }
}
