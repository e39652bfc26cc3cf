package no.varde.console;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.sql.DataSource;
import no.varde.alerting.AlertingService;
import no.varde.alerting.config.AlertingConfigLoader;
import no.varde.model.Domain;
import no.varde.model.anomaly.Anomaly;
import no.varde.model.anomaly.AnomalyJson;
import no.varde.model.anomaly.AnomalyKind;
import no.varde.model.anomaly.Severity;
import no.varde.storage.Migrations;
import no.varde.storage.ReadingQueries;
import no.varde.testsupport.TestDatabase;
import no.varde.testsupport.TestInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Real parts behind the console under test: a fresh PostgreSQL database with Varde's schema, a
 * Kafka topic of anomalies, the alerting service (the demo's configuration: notifications land
 * in a file), and an HTTP server on a free port with the console mounted, signing in against the
 * given OpenID Connect issuer.
 */
final class ConsoleHarness implements AutoCloseable {
    static final String SECRET = "console-test-alerting-secret-0123456789";

    final TestInfrastructure infra = TestInfrastructure.get();
    final TestDatabase database = infra.newDatabase();
    final DataSource db = database.dataSource();
    final String topic = TestInfrastructure.uniqueTopic("console-anomalies");
    final Vertx vertx = Vertx.vertx();
    final KafkaProducer<String, byte[]> producer;
    final Path workDir;
    final AlertingService alerting;
    final HttpServer http;
    final boolean signInReady;
    /** What a simulator would say it injected; tests set it before asking for the gains page. */
    volatile List<GroundTruth.Incident> injected = List.of();
    private final GroundTruth groundTruth = (from, to) -> injected.stream().filter(i -> !i.start().isBefore(from) && i.start().isBefore(to)).toList();

    ConsoleHarness(String issuer) throws Exception {
        Migrations.migrate(db);
        workDir = Files.createTempDirectory("varde-console-");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", infra.kafkaBootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap());
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        Router router = Router.router(vertx);
        http = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
        alerting = AlertingService.start(AlertingConfigLoader.resource("/alerting/demo.yaml", Map.of("VARDE_PUBLIC_URL", baseUrl())), db,
                vertx, new AlertingService.Options(infra.kafkaBootstrap(), topic, "console-test", SECRET, workDir, Clock.systemUTC()));
        ConsoleSettings settings = new ConsoleSettings(issuer, KeycloakServer.CLIENT_ID, KeycloakServer.CLIENT_SECRET, baseUrl(),
                "roles", Map.of());
        signInReady = new ConsoleRoutes(vertx, settings, new ConsolePages(vertx, alerting, new ReadingQueries(db), groundTruth, Clock.systemUTC()), SECRET)
                .mount(router).await();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + http.actualPort();
    }

    /**
     * A pressure drop at a water device, with readings around it, raised as an alert by the real
     * alerting service. Alerting groups a zone's anomalies of one kind into one alert, so tests that
     * need alerts of their own use zones of their own.
     */
    long waterAlert(String zone, String device, Instant start) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO readings (device_id, metric, event_time, value, unit, received_at) VALUES (?, 'water.pressure', ?, ?, 'bar', now())")) {
            for (int i = -60; i <= 10; i++) {
                s.setString(1, device);
                s.setTimestamp(2, Timestamp.from(start.plus(Duration.ofMinutes(i))));
                s.setDouble(3, i < 0 ? 4.1 + 0.05 * Math.sin(i) : 1.4);
                s.addBatch();
            }
            s.executeBatch();
        }
        Anomaly a = new Anomaly(Anomaly.idFor(AnomalyKind.LIMIT, device + "/water.pressure", start), 0, AnomalyKind.LIMIT, Severity.CRITICAL,
                Anomaly.Status.OPEN, Domain.WATER, zone, List.of(device), "water.pressure", 0.95, 1.4, 2.0, 6.0, start, start, null,
                "Pressure at " + device + " is 1.4 bar, below the 2 bar minimum, since " + start);
        producer.send(new ProducerRecord<>(topic, a.id().toString(), AnomalyJson.encode(a))).get();
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            Long id = number("SELECT max(l.alert_id) FROM alert_anomalies l JOIN anomalies a ON a.id = l.anomaly_id WHERE a.device_ids @> ARRAY['"
                    + device + "']");
            if (id != null) {
                return id;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("alerting raised no alert for " + device + " within 30 s");
    }

    /** A small fleet around Oslo in two zones: two online, one silent (an open silence anomaly), one offline, one never seen, one disabled. */
    void addFleet() throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("""
                    INSERT INTO devices (id, kind, zone, latitude, longitude, enabled, last_seen, metadata, created_at) VALUES
                      ('air-sentrum-1', 'air', 'Sentrum', 59.9139, 10.7522, true, now() - interval '1 minute', '{"battery": 87}', now() - interval '4 hours'),
                      ('air-sentrum-2', 'air', 'Sentrum', 59.9170, 10.7400, true, now() - interval '2 minutes', '{}', now() - interval '4 hours'),
                      ('air-sentrum-3', 'air', 'Sentrum', 59.9100, 10.7600, true, now() - interval '40 minutes', '{"battery": 12}', now() - interval '4 hours'),
                      ('traffic-ring-1', 'traffic', 'Ring', 59.9300, 10.7900, true, now() - interval '3 hours', '{}', now()),
                      ('traffic-ring-2', 'traffic', 'Ring', 59.9350, 10.8000, true, null, '{}', now()),
                      ('traffic-ring-3', 'traffic', 'Ring', 59.9280, 10.8100, false, now() - interval '9 days', '{}', now())
                    ON CONFLICT (id) DO NOTHING""");
            s.execute("""
                    INSERT INTO anomalies (id, kind, severity, status, domain, zone, device_ids, started_at, updated_at, explanation)
                    VALUES (gen_random_uuid(), 'silence', 'warning', 'open', 'air', 'Sentrum', ARRAY['air-sentrum-3'],
                            now() - interval '30 minutes', now(), 'air-sentrum-3 has sent nothing for 30 minutes')""");
            // Hourly rollups of one Sentrum sensor for the last three hours: the gains page's completeness.
            s.execute("""
                    INSERT INTO readings_1h (device_id, metric, bucket, count, min, max, avg, last, last_time)
                    SELECT 'air-sentrum-1', 'air.pm10', date_trunc('hour', now()) - h * interval '1 hour', 60, 10, 20, 15, 15, now()
                    FROM generate_series(0, 2) h ON CONFLICT DO NOTHING""");
            s.execute("""
                    INSERT INTO device_radio (device_id, source, received_at, rssi, snr, gateway_count, spreading_factor)
                    VALUES ('air-sentrum-2', 'chirpstack', now(), -118, -12.5, 1, 12) ON CONFLICT (device_id) DO NOTHING""");
        }
    }

    void subscribeResidents(String zone, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            alerting.subscriptions().subscribe("sms", "+479" + (1000000 + i), i % 2 == 0 ? "nb" : "nn", Set.of(zone));
        }
    }

    void execute(String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    Long number(String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() && rs.getObject(1) != null ? rs.getLong(1) : null;
        }
    }

    String text(String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Override
    public void close() {
        alerting.close();
        producer.close();
        vertx.close().await();
    }
}
