package no.varde.opendata.sta;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import no.varde.opendata.OpenData;
import no.varde.opendata.OpenDataSettings;
import no.varde.opendata.dcat.CatalogueSettings;
import no.varde.storage.Migrations;
import no.varde.testsupport.Sql;
import no.varde.testsupport.TestInfrastructure;

/**
 * A small town in a fresh PostgreSQL database (Varde's schema), served by the SensorThings routes
 * on a free port: three field devices and a gateway, a day of readings every 10 minutes for
 * each device's metrics, and their 1-minute rollups as the stream job writes them.
 */
final class StaFixture implements AutoCloseable {
    static final Instant START = Instant.parse("2026-11-02T00:00:00Z");
    static final int READINGS = 144;
    static final int K = 3;
    static final String ADMIN_TOKEN = "open-data-test-admin-token";
    /** Requests a minute per client address: enough for every test but the one that runs into it. */
    static final int RATE = 3000;
    /** The same API allowing 3 requests a minute, for the test of the rate limit. */
    static final String LIMITED_PATH = "/sta-limited/v1.1";

    final DataSource db = TestInfrastructure.get().newDatabase().dataSource();
    final Vertx vertx = Vertx.vertx();
    final HttpServer server;
    final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    StaFixture() throws Exception {
        Migrations.migrate(db);
        Sql.exec(db, "INSERT INTO devices (id, kind, zone, latitude, longitude, model) VALUES "
                + "('water-nord-01', 'water', 'Nord', 59.95, 10.75, 'PressureLogger 2'), "
                + "('air-sentrum-01', 'air', 'Sentrum', 59.91, 10.74, 'AirBox'), "
                + "('traffic-ost-01', 'traffic', 'Øst', NULL, NULL, NULL), "
                + "('gateway-01', 'gateway', 'Nord', 59.9, 10.7, 'LoRa GW')");
        // Water meters at four houses in zone Vest: personal data, published only as the zone's mean over at least K
        // meters. House 3 reports for 12 hours, house 4 for 6, so only hours 0-11 have K = 3 meters. A device that
        // publishes nothing, in the same zone.
        Sql.exec(db, "INSERT INTO devices (id, kind, zone, latitude, longitude, model, publication) VALUES "
                + "('house-meter-1', 'water', 'Vest', 59.93, 10.70, 'HomeMeter', 'aggregated'), "
                + "('house-meter-2', 'water', 'Vest', 59.93, 10.71, 'HomeMeter', 'aggregated'), "
                + "('house-meter-3', 'water', 'Vest', 59.94, 10.70, 'HomeMeter', 'aggregated'), "
                + "('house-meter-4', 'water', 'Vest', 59.94, 10.71, 'HomeMeter', 'aggregated'), "
                + "('secret-logger-1', 'water', 'Vest', 59.95, 10.69, 'SecretBox', 'none')");
        try (Connection c = db.getConnection();
             PreparedStatement raw = c.prepareStatement("INSERT INTO readings (device_id, metric, event_time, value, unit, received_at) VALUES (?, ?, ?, ?, ?, ?)");
             PreparedStatement minute = c.prepareStatement("INSERT INTO readings_1m (device_id, metric, bucket, count, min, max, avg, last, last_time) "
                     + "VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?)")) {
            String[][] series = {{"water-nord-01", "water.pressure", "bar"}, {"water-nord-01", "water.flow", "m3/h"},
                {"air-sentrum-01", "air.no2", "ug/m3"}, {"traffic-ost-01", "traffic.vehicle_count", "veh"},
                {"house-meter-1", "water.flow", "m3/h"}, {"house-meter-2", "water.flow", "m3/h"}, {"house-meter-3", "water.flow", "m3/h"},
                {"house-meter-4", "water.flow", "m3/h"}, {"secret-logger-1", "water.flow", "m3/h"}};
            for (String[] s : series) {
                for (int i = 0; i < readings(s[0]); i++) {
                    Instant t = START.plus(Duration.ofMinutes(10L * i));
                    double v = value(s[0], s[1], i);
                    raw.setString(1, s[0]);
                    raw.setString(2, s[1]);
                    raw.setTimestamp(3, Timestamp.from(t));
                    raw.setDouble(4, v);
                    raw.setString(5, s[2]);
                    raw.setTimestamp(6, Timestamp.from(t));
                    raw.addBatch();
                    minute.setString(1, s[0]);
                    minute.setString(2, s[1]);
                    minute.setTimestamp(3, Timestamp.from(t));
                    for (int k = 4; k <= 7; k++) {
                        minute.setDouble(k, v);
                    }
                    minute.setTimestamp(8, Timestamp.from(t));
                    minute.addBatch();
                }
            }
            raw.executeBatch();
            minute.executeBatch();
        }
        // Hourly means, as the stream job writes them.
        Sql.exec(db, "INSERT INTO readings_1h (device_id, metric, bucket, count, min, max, avg, last, last_time) "
                + "SELECT device_id, metric, date_trunc('hour', bucket), count(*), min(min), max(max), avg(avg), max(last), max(last_time) "
                + "FROM readings_1m GROUP BY device_id, metric, date_trunc('hour', bucket)");
        Router router = Router.router(vertx);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
        base = "http://127.0.0.1:" + server.actualPort();
        OpenData.mount(router, vertx, db, new OpenDataSettings(StaRoutes.DEFAULT_BASE_PATH, K, RATE, 60,
                new CatalogueSettings(CatalogueSettings.NLOD, "Testby kommune", "123456789", "data@testby.kommune.no")), base, ADMIN_TOKEN);
        new StaRoutes(vertx, db, LIMITED_PATH, base, K, 3, 60).mount(router);
    }

    /** Reading i of a series: pressure 3.00, 3.01, ...; other metrics i; house meter n reads 100 n + i, the secret logger 98,765.4321. */
    static double value(String device, String metric, int i) {
        if (device.startsWith("house-meter-")) {
            return 100 * Integer.parseInt(device.substring(12)) + i;
        }
        if (device.startsWith("secret")) {
            return 98_765.4321;
        }
        return metric.equals("water.pressure") ? 3.0 + i / 100.0 : i;
    }

    static int readings(String device) {
        return switch (device) {
            case "house-meter-3" -> READINGS / 2;
            case "house-meter-4" -> READINGS / 4;
            default -> READINGS;
        };
    }

    String sta(String pathAndQuery) {
        return base + StaRoutes.DEFAULT_BASE_PATH + pathAndQuery;
    }

    static String q(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> put(String url, String json, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> bytes(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> send(String url, String header, String value) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).header(header, value).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    JsonObject json(String url) throws Exception {
        HttpResponse<String> r = get(url);
        if (r.statusCode() != 200) {
            throw new AssertionError(url + " answered " + r.statusCode() + ": " + r.body());
        }
        return new JsonObject(r.body());
    }

    @Override
    public void close() {
        vertx.close().await();
    }
}
