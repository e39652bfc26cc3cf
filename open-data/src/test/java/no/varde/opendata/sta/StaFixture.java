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
        try (Connection c = db.getConnection();
             PreparedStatement raw = c.prepareStatement("INSERT INTO readings (device_id, metric, event_time, value, unit, received_at) VALUES (?, ?, ?, ?, ?, ?)");
             PreparedStatement minute = c.prepareStatement("INSERT INTO readings_1m (device_id, metric, bucket, count, min, max, avg, last, last_time) "
                     + "VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?)")) {
            String[][] series = {{"water-nord-01", "water.pressure", "bar"}, {"water-nord-01", "water.flow", "m3/h"},
                {"air-sentrum-01", "air.no2", "ug/m3"}, {"traffic-ost-01", "traffic.vehicle_count", "veh"}};
            for (String[] s : series) {
                for (int i = 0; i < READINGS; i++) {
                    Instant t = START.plus(Duration.ofMinutes(10L * i));
                    double v = value(s[1], i);
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
        Router router = Router.router(vertx);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
        base = "http://127.0.0.1:" + server.actualPort();
        new StaRoutes(vertx, db, StaRoutes.DEFAULT_BASE_PATH, base).mount(router);
    }

    /** Reading i of a series: pressure 3.00, 3.01, ...; other metrics i. */
    static double value(String metric, int i) {
        return metric.equals("water.pressure") ? 3.0 + i / 100.0 : i;
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
