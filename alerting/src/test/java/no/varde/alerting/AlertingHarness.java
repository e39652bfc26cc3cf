package no.varde.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import no.varde.alerting.config.AlertingConfig;
import no.varde.alerting.config.AlertingConfigLoader;
import no.varde.model.Domain;
import no.varde.model.anomaly.Anomaly;
import no.varde.model.anomaly.AnomalyJson;
import no.varde.model.anomaly.AnomalyKind;
import no.varde.model.anomaly.Severity;
import no.varde.storage.AnomalyRows;
import no.varde.storage.Migrations;
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
 * Real parts for one alerting test: a fresh PostgreSQL database with Varde's schema, a Kafka topic
 * of its own, GreenMail as the SMTP server, a local HTTP server as SMS gateway and webhook
 * receivers, a clock the test can move, and the alerting service with its HTTP API.
 */
final class AlertingHarness implements AutoCloseable {
    static final String ADMIN_TOKEN = "test-admin-token-0123456789";
    static final String SECRET = "test-alerting-secret-0123456789-abcdef";

    final TestInfrastructure infra = TestInfrastructure.get();
    final TestDatabase database = infra.newDatabase();
    final DataSource db = database.dataSource();
    final String topic = TestInfrastructure.uniqueTopic("anomalies");
    final HttpReceiver receiver = new HttpReceiver();
    final GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    final MutableClock clock = new MutableClock();
    final Vertx vertx = Vertx.vertx();
    final KafkaProducer<String, byte[]> producer;
    AlertingConfig config;
    AlertingService service;
    HttpServer http;

    AlertingHarness() throws Exception {
        Migrations.migrate(db);
        mail.start();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", infra.kafkaBootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    String yaml() {
        return """
                timezone: Europe/Oslo
                public_url: http://127.0.0.1:%d
                dashboard_url: "http://grafana.test/d/varde-alerts?var-zone={zone}"
                timing: { group_interval: 1m, resolve_after: 5m, reminder_interval: 30m, tick: 1h }
                people:
                  kari:  { name: Kari, sms: "+4790000001", email: kari@kommune.test }
                  leder: { name: Leder, sms: "+4790000005", email: leder@kommune.test }
                rota:
                  water:
                    escalate_after: 15m
                    levels:
                      - { name: vakthavende, shifts: [ { days: MON-SUN, people: [kari] } ] }
                      - { name: driftsleder, shifts: [ { days: MON-SUN, people: [leder] } ] }
                channels:
                  email: { type: smtp, host: 127.0.0.1, port: %d, starttls: disabled, from: varde@kommune.test, timeout: 5s }
                  sms:   { type: sms, url: "%s", timeout: 2s, retry: { initial: 200ms, max: 1s, max_attempts: 8 } }
                  teams: { type: webhook, format: teams, url: "%s", timeout: 2s, retry: { initial: 200ms, max: 1s } }
                  hook:  { type: webhook, format: json, url: "%s", timeout: 2s, retry: { initial: 200ms, max: 1s } }
                  slack: { type: webhook, format: slack, url: "%s", timeout: 2s }
                routes:
                  - { name: water, match: { domains: [water], min_severity: warning }, notify: ["oncall:sms", "oncall:email", teams, hook] }
                  - { name: air, match: { domains: [air] }, notify: [slack] }
                residents: { sms_channel: sms, email_channel: email, municipality: Testby kommune, info_url: "https://testby.example/vann" }
                """.formatted(httpPort(), mail.getSmtp().getPort(), receiver.url("/sms"), receiver.url("/teams"), receiver.url("/hook"),
                receiver.url("/slack"));
    }

    private int publicPort;

    private int httpPort() {
        return publicPort;
    }

    /** Starts (or restarts) the service; a new group id replays the whole topic, as after losing every committed offset. */
    AlertingHarness start(String groupId) throws Exception {
        if (http == null) {
            Router root = Router.router(vertx);
            http = vertx.createHttpServer().requestHandler(root).listen(0, "127.0.0.1").await();
            publicPort = http.actualPort();
            routerHolder = root;
        }
        config = AlertingConfigLoader.parse(yaml(), Map.of());
        service = AlertingService.start(config, db, vertx, new AlertingService.Options(infra.kafkaBootstrap(), topic, groupId, SECRET, null, clock));
        routerHolder.clear();
        routerHolder.route("/*").subRouter(service.router(vertx, ADMIN_TOKEN));
        return this;
    }

    private Router routerHolder;

    /** A second instance on the same database, topic and consumer group, as a scaled-out deployment runs. */
    AlertingService startAnother(String groupId) {
        return AlertingService.start(config, db, vertx, new AlertingService.Options(infra.kafkaBootstrap(), topic, groupId, SECRET, null, clock));
    }

    void stop() {
        if (service != null) {
            service.close();
            service = null;
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + publicPort;
    }

    void send(Anomaly... anomalies) throws Exception {
        for (Anomaly a : anomalies) {
            producer.send(new ProducerRecord<>(topic, a.id().toString(), AnomalyJson.encode(a))).get();
        }
    }

    void sendRaw(byte[] payload) throws Exception {
        producer.send(new ProducerRecord<>(topic, "broken", payload)).get();
    }

    static Anomaly anomaly(AnomalyKind kind, Severity severity, Domain domain, String zone, String device, String metric,
                           double observed, double low, double high, Instant start) {
        return new Anomaly(Anomaly.idFor(kind, device + "/" + metric, start), 0, kind, severity, Anomaly.Status.OPEN, domain, zone,
                List.of(device), metric, 0.9, observed, low, high, start, start, null,
                metric == null ? device + " has sent nothing since " + start : metric + " at " + device + " is " + observed);
    }

    /** Stores a report as the stream job's own JDBC sink does, ahead of alerting reading it from Kafka. */
    void storeAsTheStreamJob(Anomaly a) throws Exception {
        try (Connection c = db.getConnection(); java.sql.PreparedStatement s = c.prepareStatement(AnomalyRows.UPSERT)) {
            AnomalyRows.bind(s, a);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
    }

    long count(String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    String text(String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("waiting for " + what).isBefore(deadline);
            Thread.sleep(50);
        }
    }

    static BooleanSupplier quietly(ThrowingSupplier s) {
        return () -> {
            try {
                return s.get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    interface ThrowingSupplier {
        boolean get() throws Exception;
    }

    @Override
    public void close() {
        stop();
        producer.close();
        receiver.close();
        mail.stop();
        vertx.close().await();
    }
}
