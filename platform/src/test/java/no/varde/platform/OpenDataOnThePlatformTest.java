package no.varde.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import no.varde.testsupport.TestDatabase;
import no.varde.testsupport.TestInfrastructure;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.vocabulary.DCAT;
import org.junit.jupiter.api.Test;

/**
 * A SensorThings client reads the simulated town that bin/varde run publishes: from the service
 * root to every Thing, a Datastream's Observations page by page as the readings arrive (each one
 * a stored reading), expansions, and the catalogue; a device an administrator marks as aggregated
 * leaves the open API at once.
 */
class OpenDataOnThePlatformTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aSensorThingsClientReadsTheSimulatedTown() throws Exception {
        TestInfrastructure infra = TestInfrastructure.get();
        TestDatabase database = infra.newDatabase();
        DataSource db = database.dataSource();
        // Handed out once in this JVM, so the platform's own FreePorts picks (Flink's REST endpoint) cannot take it.
        int port = no.varde.embedded.FreePorts.find();
        String base = "http://127.0.0.1:" + port;
        Path work = Files.createTempDirectory(Path.of("target"), "open-data-e2e-");
        try (Platform platform = Platform.start(new PlatformOptions(work, database.jdbcUrl(), null, null, infra.kafkaBootstrap(),
                "127.0.0.1", 0, "127.0.0.1", port, new DemoSimulation(null, 0, Duration.ofSeconds(2), 0, false, 42),
                Duration.ofSeconds(2), null, null, 20, null, 0, 0, 10000, null, true), Map.of("VARDE_PUBLIC_URL", base))) {
            String root = base + "/sta/v1.1";
            // Datastreams appear once the first 1-minute rollups are written. The first minute may be a partial one
            // (the platform started seconds before it ended), holding only the devices that had reported by then:
            // wait for a water pressure stream too, not only for a hundred streams (CI, 2026-12-05: none was pressure).
            JsonObject streams = await(root + "/Datastreams?$count=true&$top=1000", body -> body.getLong("@iot.count") >= 100
                    && body.getJsonArray("value").stream().anyMatch(ds -> ((JsonObject) ds).getString("@iot.id").endsWith(":water.pressure")),
                    Duration.ofSeconds(150));

            long fieldDevices = number(db, "SELECT count(*) FROM devices WHERE kind <> 'gateway'");
            JsonObject things = json(root + "/Things?$count=true&$top=1000&$filter=" + q("not startswith(id, 'zone:')"));
            assertThat(things.getLong("@iot.count")).isEqualTo(fieldDevices).isGreaterThanOrEqualTo(50);
            Set<String> thingIds = new HashSet<>();
            json(root + "/Things?$top=1000").getJsonArray("value").forEach(t -> thingIds.add(((JsonObject) t).getString("@iot.id")));

            JsonObject pressure = null;
            for (Object o : streams.getJsonArray("value")) {
                JsonObject ds = (JsonObject) o;
                String thing = ds.getString("@iot.id").replaceAll("~1[mh]$", "").replaceAll(":[^:]+$", "");
                assertThat(thingIds).as("the Thing of " + ds.getString("@iot.id")).contains(thing);
                if (pressure == null && ds.getString("@iot.id").endsWith(":water.pressure")) {
                    pressure = ds;
                }
            }
            assertThat(pressure).isNotNull();
            String device = pressure.getString("@iot.id").replace(":water.pressure", "");
            assertThat(json(pressure.getString("ObservedProperty@iot.navigationLink")).getString("definition"))
                    .isEqualTo("http://qudt.org/vocab/quantitykind/Pressure");

            // Page through the newest observations, 10 at a time, by next links only; each is a stored reading.
            Instant since = Instant.now().minus(Duration.ofMinutes(10));
            await(pressure.getString("Observations@iot.navigationLink") + "?$count=true&$top=0", body -> body.getLong("@iot.count") >= 30,
                    Duration.ofSeconds(120));
            String next = pressure.getString("Observations@iot.navigationLink") + "?$top=10&$filter=" + q("phenomenonTime ge " + since);
            List<JsonObject> seen = new ArrayList<>();
            for (int page = 0; page < 3 && next != null; page++) {
                JsonObject body = json(next);
                body.getJsonArray("value").forEach(o -> seen.add((JsonObject) o));
                next = body.getString("@iot.nextLink");
            }
            assertThat(seen).hasSizeGreaterThanOrEqualTo(20);
            for (JsonObject o : seen.subList(0, 5)) {
                double stored = decimal(db, "SELECT value FROM readings WHERE device_id = '" + device + "' AND metric = 'water.pressure' AND event_time = '"
                        + o.getString("phenomenonTime") + "'");
                assertThat(o.getDouble("result")).isEqualTo(stored);
            }
            List<String> times = seen.stream().map(o -> o.getString("phenomenonTime")).toList();
            assertThat(times).doesNotHaveDuplicates().isSortedAccordingTo((a, b) -> b.compareTo(a));

            JsonObject expanded = json(root + "/Things('" + device + "')?$expand=" + q("Datastreams($filter=properties/series eq 'raw';$expand=Observations($top=1)),Locations"));
            assertThat(expanded.getJsonArray("Datastreams")).isNotEmpty();
            assertThat(expanded.getJsonArray("Locations"))
                    .hasSize((int) number(db, "SELECT count(*) FROM devices WHERE id = '" + device + "' AND latitude IS NOT NULL"));
            JsonObject located = json(root + "/Locations?$top=1&$expand=Things").getJsonArray("value").getJsonObject(0);
            assertThat(located.getJsonObject("location").getString("type")).isEqualTo("Point");
            assertThat(located.getJsonArray("Things")).hasSize(1);

            Model catalogue = ModelFactory.createDefaultModel();
            RDFParser.create().source(new StringReader(get(base + "/open-data/catalog").body())).lang(Lang.TURTLE).parse(catalogue.getGraph());
            assertThat(catalogue.listObjectsOfProperty(DCAT.dataset).toList())
                    .hasSize((int) number(db, "SELECT count(DISTINCT (kind, zone)) FROM devices WHERE kind <> 'gateway' AND zone IS NOT NULL"));

            String adminToken = Files.readString(platform.workDir().resolve("admin-token")).strip();
            HttpResponse<String> set = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/publication/devices/" + device))
                    .header("Authorization", "Bearer " + adminToken).PUT(HttpRequest.BodyPublishers.ofString("{\"publication\":\"aggregated\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
            assertThat(get(root + "/Things('" + device + "')").statusCode()).isEqualTo(404);
            assertThat(get(pressure.getString("@iot.selfLink")).statusCode()).isEqualTo(404);
        }
    }

    interface Condition {
        boolean holds(JsonObject body);
    }

    private JsonObject await(String url, Condition condition, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        JsonObject body = null;
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> r = get(url);
            if (r.statusCode() == 200) {
                body = new JsonObject(r.body());
                if (condition.holds(body)) {
                    return body;
                }
            }
            Thread.sleep(2_000);
        }
        throw new AssertionError(url + " did not get there in " + timeout + "; last answer: " + (body == null ? "none" : body.encode().substring(0, 200)));
    }

    private JsonObject json(String url) throws Exception {
        HttpResponse<String> r = get(url);
        assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(200);
        return new JsonObject(r.body());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static long number(DataSource db, String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static double decimal(DataSource db, String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getDouble(1);
        }
    }
}
