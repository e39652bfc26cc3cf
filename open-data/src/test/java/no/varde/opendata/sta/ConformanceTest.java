package no.varde.opendata.sta;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Conformance to OGC SensorThings API Part 1: Sensing 1.1 (OGC 18-088), written from its abstract
 * test suite (Annex A) for the conformance classes a read-only service can meet: the data model
 * (A.1), resource paths (A.2), request data (A.3) and the data-array result format (read side of
 * A.7). Create-update-delete, batch requests and the MQTT extension are not implemented (the open
 * API is read-only), so their classes are not claimed. OGC's executable suite (ets-sta10) targets
 * 1.0 and TEAM Engine, which cannot run here.
 */
class ConformanceTest extends TownTest {
    /** Each entity type with its mandatory properties and its navigation properties (18-088, section 8). */
    static final Map<String, List<List<String>>> MODEL = Map.of(
            "Things", List.of(List.of("name", "description"), List.of("Locations", "HistoricalLocations", "Datastreams")),
            "Locations", List.of(List.of("name", "description", "encodingType", "location"), List.of("Things", "HistoricalLocations")),
            "HistoricalLocations", List.of(List.of("time"), List.of("Thing", "Locations")),
            "Datastreams", List.of(List.of("name", "description", "unitOfMeasurement", "observationType"),
                    List.of("Thing", "Sensor", "ObservedProperty", "Observations")),
            "Sensors", List.of(List.of("name", "description", "encodingType", "metadata"), List.of("Datastreams")),
            "ObservedProperties", List.of(List.of("name", "definition", "description"), List.of("Datastreams")),
            "Observations", List.of(List.of("phenomenonTime", "result", "resultTime"), List.of("Datastream", "FeatureOfInterest")),
            "FeaturesOfInterest", List.of(List.of("name", "description", "encodingType", "feature"), List.of("Observations")));

    @Nested
    class A1DataModel {
        @Test
        void everyEntityHasItsControlInformationMandatoryPropertiesAndNavigationLinks() throws Exception {
            for (Map.Entry<String, List<List<String>>> type : MODEL.entrySet()) {
                JsonArray values = town.json(town.sta("/" + type.getKey() + "?$top=50")).getJsonArray("value");
                assertThat(values).as(type.getKey()).isNotEmpty();
                for (Object v : values) {
                    JsonObject e = (JsonObject) v;
                    assertThat(e.getString("@iot.id")).as(type.getKey()).isNotBlank();
                    assertThat(e.getString("@iot.selfLink")).startsWith(town.sta("/" + type.getKey() + "("));
                    for (String property : type.getValue().get(0)) {
                        assertThat(e.containsKey(property)).as(type.getKey() + "." + property).isTrue();
                    }
                    for (String link : type.getValue().get(1)) {
                        assertThat(e.getString(link + "@iot.navigationLink")).as(type.getKey() + " -> " + link)
                                .isEqualTo(e.getString("@iot.selfLink") + "/" + link);
                    }
                }
            }
        }

        @Test
        void unitsLocationsAndTimesHaveTheirStandardShapes() throws Exception {
            JsonObject ds = town.json(town.sta("/Datastreams('water-nord-01:water.pressure')"));
            assertThat(ds.getJsonObject("unitOfMeasurement").fieldNames()).contains("name", "symbol", "definition");
            assertThat(ds.getString("observationType")).isEqualTo(EntityTypes.MEASUREMENT);
            assertThat(ds.getString("phenomenonTime")).matches("\\S+Z/\\S+Z");
            assertThat(ds.getJsonObject("observedArea").getJsonArray("coordinates")).containsExactly(10.75, 59.95);
            JsonObject location = town.json(town.sta("/Locations('water-nord-01')")).getJsonObject("location");
            assertThat(location.getString("type")).isEqualTo("Point");
            JsonObject feature = town.json(town.sta("/FeaturesOfInterest('zone:Vest')")).getJsonObject("feature");
            assertThat(feature.getString("type")).isEqualTo("Feature");
            assertThat(feature.getValue("geometry")).isNull(); // the houses' zone has no public position
        }
    }

    @Nested
    class A2ResourcePath {
        @Test
        void serviceRootListsEveryEntitySet() throws Exception {
            JsonArray sets = town.json(town.sta("")).getJsonArray("value");
            assertThat(sets.stream().map(o -> ((JsonObject) o).getString("name")).toList()).containsExactlyInAnyOrderElementsOf(MODEL.keySet());
        }

        @Test
        void collectionsEntitiesPropertiesValuesAndAssociations() throws Exception {
            for (String type : MODEL.keySet()) {
                JsonObject first = town.json(town.sta("/" + type + "?$top=1")).getJsonArray("value").getJsonObject(0);
                String self = first.getString("@iot.selfLink");
                assertThat(town.json(self).getString("@iot.id")).isEqualTo(first.getString("@iot.id"));
                String property = MODEL.get(type).get(0).get(0);
                JsonObject alone = town.json(self + "/" + property);
                assertThat(alone.fieldNames()).containsExactly(property);
                if (!(alone.getValue(property) instanceof JsonObject)) {
                    HttpResponse<String> raw = town.get(self + "/" + property + "/$value");
                    assertThat(raw.statusCode()).isEqualTo(200);
                    assertThat(raw.body()).isEqualTo(String.valueOf(alone.getValue(property)));
                }
                for (String link : MODEL.get(type).get(1)) {
                    HttpResponse<String> r = town.get(self + "/" + link);
                    assertThat(r.statusCode()).as(self + "/" + link).isIn(200, 404);
                    if (link.endsWith("s") && r.statusCode() == 200) {
                        JsonArray refs = town.json(self + "/" + link + "/$ref").getJsonArray("value");
                        refs.forEach(ref -> assertThat(((JsonObject) ref).fieldNames()).containsExactly("@iot.selfLink"));
                    }
                }
            }
            assertThat(town.json(town.sta("/Things/$ref")).getJsonArray("value").getJsonObject(0).fieldNames()).containsExactly("@iot.selfLink");
        }

        @Test
        void missingEntitiesAre404() throws Exception {
            for (String type : MODEL.keySet()) {
                assertThat(town.get(town.sta("/" + type + "('no-such-id')")).statusCode()).as(type).isEqualTo(404);
            }
        }
    }

    @Nested
    class A3RequestData {
        @Test
        void orderByTopSkipAndCount() throws Exception {
            JsonObject asc = town.json(town.sta("/Things?$orderby=id%20asc&$top=2&$skip=1&$count=true"));
            JsonObject desc = town.json(town.sta("/Things?$orderby=id%20desc&$top=10"));
            assertThat(asc.getLong("@iot.count")).isEqualTo(desc.getJsonArray("value").size());
            assertThat(asc.getJsonArray("value")).hasSize(2);
            assertThat(asc.getString("@iot.nextLink")).contains("$top=2");
            List<Object> descIds = desc.getJsonArray("value").stream().map(o -> ((JsonObject) o).getValue("@iot.id")).toList();
            assertThat(descIds).isSortedAccordingTo((a, b) -> ((String) b).compareTo((String) a));
            assertThat(town.json(town.sta("/Things?$count=false")).containsKey("@iot.count")).isFalse();
        }

        @Test
        void selectAndExpand() throws Exception {
            JsonObject thing = town.json(town.sta("/Things?$select=id,name&$top=1")).getJsonArray("value").getJsonObject(0);
            assertThat(thing.fieldNames()).containsExactlyInAnyOrder("@iot.id", "name");
            JsonObject expanded = town.json(town.sta("/Datastreams('water-nord-01:water.flow')?$expand=Thing,Sensor,ObservedProperty,Observations($top=1)"));
            assertThat(expanded.getJsonObject("Thing").getString("@iot.id")).isEqualTo("water-nord-01");
            assertThat(expanded.getJsonObject("Sensor").getString("name")).isEqualTo("PressureLogger 2");
            assertThat(expanded.getJsonArray("Observations")).hasSize(1);
        }

        @Test
        void filterOperatorsAndFunctions() throws Exception {
            String ds = "/Datastreams('water-nord-01:water.flow')/Observations?$count=true&$top=0&$filter=";
            Map<String, Long> expected = new java.util.LinkedHashMap<>();
            expected.put("result eq 5", 1L);
            expected.put("result ne 5", 143L);
            expected.put("result gt 140", 3L);
            expected.put("result ge 140", 4L);
            expected.put("result lt 2", 2L);
            expected.put("result le 2", 3L);
            expected.put("result lt 2 or result gt 141", 4L);
            expected.put("result gt 2 and result lt 5", 2L);
            expected.put("not (result lt 143)", 1L);
            expected.put("result add 1 eq 6", 1L);
            expected.put("result sub 1 eq 4", 1L);
            expected.put("result mul 2 eq 10", 1L);
            expected.put("result div 2 eq 2.5", 1L);
            expected.put("result mod 10 eq 3", 15L); // 3, 13, ..., 143
            expected.put("round(result div 4) eq 1", 4L);
            expected.put("floor(result div 4) eq 1", 4L);
            expected.put("ceiling(result div 4) eq 1", 4L);
            expected.put("hour(phenomenonTime) eq 1", 6L);
            expected.put("minute(phenomenonTime) eq 50", 24L);
            expected.put("day(phenomenonTime) eq 2 and month(phenomenonTime) eq 11 and year(phenomenonTime) eq 2026", 144L);
            expected.put("second(phenomenonTime) eq 0", 144L);
            expected.put("phenomenonTime ge 2026-11-02T23:00:00Z", 6L);
            expected.put("phenomenonTime lt now()", 144L);
            assertCounts(ds, expected);
            String things = "/Things?$count=true&$top=0&$filter=";
            Map<String, Long> text = new java.util.LinkedHashMap<>();
            text.put("substringof('nord', name)", 1L);
            text.put("contains(name, 'ost')", 1L);
            text.put("startswith(name, 'air')", 1L);
            text.put("endswith(name, '-01')", 3L);
            text.put("length(name) eq 13", 1L);
            text.put("indexof(name, '-') eq 3", 1L);
            text.put("substring(name, 0, 3) eq 'air'", 1L);
            text.put("tolower(properties/zone) eq 'nord'", 1L);
            text.put("toupper(properties/zone) eq 'NORD'", 1L);
            text.put("trim(concat(' x', name)) eq 'xwater-nord-01'", 1L);
            assertCounts(things, text);
        }
    }

    /** Each filter, appended to {@code path}, counts what it should. */
    private static void assertCounts(String path, Map<String, Long> expected) throws Exception {
        for (Map.Entry<String, Long> e : expected.entrySet()) {
            assertThat(town.json(town.sta(path + StaFixture.q(e.getKey()))).getLong("@iot.count")).as(e.getKey()).isEqualTo(e.getValue());
        }
    }

    @Nested
    class A7DataArray {
        @Test
        void observationsAsDataArrayCarryTheSameValues() throws Exception {
            String path = "/Datastreams('water-nord-01:water.pressure')/Observations?$top=5";
            JsonArray plain = town.json(town.sta(path)).getJsonArray("value");
            JsonObject group = town.json(town.sta(path + "&$resultFormat=dataArray")).getJsonArray("value").getJsonObject(0);
            assertThat(group.getString("Datastream@iot.navigationLink")).isEqualTo(town.sta("/Datastreams('water-nord-01:water.pressure')"));
            JsonArray rows = group.getJsonArray("dataArray");
            for (int i = 0; i < 5; i++) {
                assertThat(rows.getJsonArray(i).getString(0)).isEqualTo(plain.getJsonObject(i).getString("@iot.id"));
                assertThat(rows.getJsonArray(i).getValue(3)).isEqualTo(plain.getJsonObject(i).getValue("result"));
            }
        }
    }
}
