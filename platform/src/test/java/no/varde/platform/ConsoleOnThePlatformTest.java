package no.varde.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
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
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Map;
import javax.sql.DataSource;
import no.varde.console.BrowserCheck;
import no.varde.console.KeycloakServer;
import no.varde.storage.Device;
import no.varde.model.DeviceKind;
import no.varde.storage.DeviceRepository;
import no.varde.storage.TokenHasher;
import no.varde.testsupport.TestDatabase;
import no.varde.testsupport.TestInfrastructure;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Issue 17's whole walk on the running platform ({@code varde run}: MQTT ingest, Kafka, the Flink
 * job, alerting, the console) with sign-in at a real Keycloak: a water sensor publishes over MQTT
 * and falls silent, the stream job detects it and alerting raises the alert; an engineer on a
 * phone-sized Chromium signs in, opens the alert and its chart, acknowledges it and confirms the
 * resident warning, and the audit trail names her; every page passes the axe scan; then a leader
 * writes the month's gains report, which counts that alert and warning.
 */
class ConsoleOnThePlatformTest {

    @Test
    void anEngineerHandlesTheAlertThePlatformRaisedAndALeaderPrintsTheMonth() throws Exception {
        BrowserCheck.requireTools();
        String issuer = KeycloakServer.get().issuer();
        TestInfrastructure infra = TestInfrastructure.get();
        TestDatabase database = infra.newDatabase();
        DataSource db = database.dataSource();
        no.varde.storage.Migrations.migrate(db);
        String token = TokenHasher.newToken();
        // Registered before the platform starts, so the stream job's zone directory knows the sensor's zone from the first reading.
        new DeviceRepository(db).upsert(Device.of("vann-e2e-1", DeviceKind.WATER, "E2E-Vann").withLocation(59.92, 10.76),
                new TokenHasher().hash(token));
        // Handed out once in this JVM, so the platform's own FreePorts picks (Flink's REST endpoint) cannot take it.
        int http = no.varde.embedded.FreePorts.find();
        String base = "http://127.0.0.1:" + http;
        Map<String, String> env = Map.of("VARDE_OIDC_ISSUER", issuer, "VARDE_OIDC_CLIENT_ID", KeycloakServer.CLIENT_ID,
                "VARDE_OIDC_CLIENT_SECRET", KeycloakServer.CLIENT_SECRET, "VARDE_PUBLIC_URL", base);
        try (Platform platform = Platform.start(new PlatformOptions(Path.of("target", "console-e2e-work"), database.jdbcUrl(), null, null,
                infra.kafkaBootstrap(), "127.0.0.1", 0, "127.0.0.1", http, new DemoSimulation(null, 6, Duration.ofSeconds(1), 0, false, 42),
                Duration.ofSeconds(2), null, null, 20, null, 0, 0, 10000, null, true), env)) {
            MqttClient client = new MqttClient("tcp://127.0.0.1:" + platform.mqttPort(), "console-e2e", new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setUserName("vann-e2e-1");
            options.setPassword(token.toCharArray());
            client.connect(options);
            for (int i = 0; i < 5; i++) {
                client.publish("sensors/vann-e2e-1/telemetry", ("{\"water.pressure\":" + (4.1 + 0.05 * i) + "}").getBytes(StandardCharsets.UTF_8), 1, false);
                Thread.sleep(1_000);
            }
            client.disconnect();
            long alert = await(db, "SELECT max(l.alert_id) FROM alert_anomalies l JOIN anomalies a ON a.id = l.anomaly_id "
                    + "WHERE 'vann-e2e-1' = ANY (a.device_ids) AND a.zone = 'E2E-Vann'", Duration.ofSeconds(150));

            String adminToken = Files.readString(platform.workDir().resolve("admin-token")).strip();
            for (String phone : new String[] {"+4790011001", "+4790011002"}) {
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/v1/subscriptions"))
                        .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("channel", "sms").put("address", phone)
                                .put("language", "nn").put("zones", new io.vertx.core.json.JsonArray().add("E2E-Vann")).encode())).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            }

            JsonObject report = BrowserCheck.run(base, alert, "eli");
            BrowserCheck.assertConsoleWorked(report);
            assertThat(text(db, "SELECT acknowledged_by FROM alerts WHERE id = " + alert)).isEqualTo("Eli Engineer (eli)");
            assertThat(text(db, "SELECT actor FROM alert_events WHERE alert_id = " + alert + " AND action = 'confirmed'")).isEqualTo("Eli Engineer (eli)");
            assertThat(text(db, "SELECT count(*) FROM notifications WHERE alert_id = " + alert + " AND purpose = 'resident_warning'")).isEqualTo("2");

            Path out = Path.of("target", "console-e2e-report");
            YearMonth month = YearMonth.from(Instant.now().atZone(ZoneId.of("Europe/Oslo")));
            assertThat(new CommandLine(new VardeCli()).execute("report", "--month", month.toString(), "--db-url", database.jdbcUrl(),
                    "--output", out.toString())).isZero();
            String html = Files.readString(out.resolve("report.html"));
            assertThat(html).containsPattern("<th scope=\"row\">E2E-Vann</th><td>1 \\(1 / 0 / 0\\)</td><td>0</td>(<td>[^<]*</td>){4}<td>1 / 2</td>");
            assertThat(Files.readAllBytes(out.resolve("report.pdf"))).startsWith("%PDF".getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static long await(DataSource db, String sql, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            String v = text(db, sql);
            if (v != null) {
                return Long.parseLong(v);
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no alert within " + timeout + ": anomalies " + text(db,
                "SELECT string_agg(kind || ' ' || coalesce(zone, '-') || ' ' || status, '; ') FROM anomalies WHERE 'vann-e2e-1' = ANY (device_ids)"));
    }

    private static String text(DataSource db, String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
