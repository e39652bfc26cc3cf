package no.varde.ingest;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import javax.sql.DataSource;
import no.varde.ingest.kafka.VardeTopics;
import no.varde.model.Reading;
import no.varde.model.codec.ReadingBinary;
import no.varde.model.validation.RejectReason;
import no.varde.storage.Device;
import no.varde.storage.DeviceRepository;
import no.varde.storage.Migrations;
import no.varde.storage.TokenHasher;
import no.varde.testsupport.KafkaTopicTail;
import no.varde.testsupport.TestInfrastructure;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;

/**
 * A real ingest service on a free port, with its own database and Kafka topics (real services
 * from the shared fixture), followers of the three output topics, and helpers for real Paho clients.
 */
public final class IngestTestBed implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(15);

    public final Vertx vertx;
    /** Replaced by {@link #restartIngest()}. */
    public IngestService ingest;
    private final IngestConfig config;
    public final DeviceRepository devices;
    public final DataSource db;
    public final KafkaTopicTail readings;
    public final KafkaTopicTail rejected;
    public final KafkaTopicTail status;
    public final String bootstrap;
    public final String readingsTopic;
    private final TokenHasher hasher = new TokenHasher();

    private IngestTestBed(IngestConfig config) throws Exception {
        TestInfrastructure infra = TestInfrastructure.get();
        db = infra.newDatabase().dataSource();
        Migrations.migrate(db);
        devices = new DeviceRepository(db);
        bootstrap = infra.kafkaBootstrap();
        readingsTopic = TestInfrastructure.uniqueTopic(VardeTopics.READINGS);
        String rejectedTopic = TestInfrastructure.uniqueTopic(VardeTopics.REJECTED);
        String statusTopic = TestInfrastructure.uniqueTopic(VardeTopics.DEVICE_STATUS);
        VardeTopics.ensure(bootstrap, 1, (short) 1, readingsTopic, rejectedTopic, statusTopic);
        vertx = Vertx.vertx();
        this.config = config.withTopics(readingsTopic, rejectedTopic, statusTopic);
        ingest = new IngestService(vertx, this.config, db, bootstrap, new IngestMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
        ingest.start().await();
        readings = new KafkaTopicTail(bootstrap, readingsTopic);
        rejected = new KafkaTopicTail(bootstrap, rejectedTopic);
        status = new KafkaTopicTail(bootstrap, statusTopic);
    }

    public static IngestTestBed start(IngestConfig config) throws Exception {
        return new IngestTestBed(config);
    }

    /** Stops the ingest service (its clients see their connections drop). */
    public void stopIngest() {
        ingest.close();
    }

    /** Starts a new ingest service on the port the stopped one had. */
    public void restartIngest(int port) throws Exception {
        ingest = new IngestService(vertx, config.withMqttPort(port), db, bootstrap,
                new IngestMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
        ingest.start().await();
    }

    public String url() {
        return "tcp://127.0.0.1:" + ingest.mqttPort();
    }

    /** Registers the device with a fresh token and returns the token. */
    public String register(Device device) throws Exception {
        String token = TokenHasher.newToken();
        devices.upsert(device, hasher.hash(token));
        return token;
    }

    public MqttClient v3(String user, String password) throws MqttException {
        MqttClient client = new MqttClient(url(), "c3-" + user + "-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(user);
        options.setPassword(password.toCharArray());
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        client.connect(options);
        return client;
    }

    public MqttAsyncClient v5(String user, String password) throws Exception {
        MqttAsyncClient client = new MqttAsyncClient(url(), "c5-" + user + "-" + System.nanoTime(),
                new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(user);
        options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        client.connect(options).waitForCompletion(10_000);
        return client;
    }

    public Optional<Reading> awaitReading(Predicate<Reading> match) throws InterruptedException {
        return readings.await(r -> match.test(ReadingBinary.decode(r.value())), WAIT).map(r -> ReadingBinary.decode(r.value()));
    }

    /** The first dead letter about {@code device} carrying {@code reason}. */
    public Optional<String> awaitDeadLetter(String device, RejectReason reason) throws InterruptedException {
        return rejected.await(r -> device.equals(r.key()) && text(r.value()).contains("\"reason\":\"" + reason.code() + "\""), WAIT)
                .map(r -> text(r.value()));
    }

    public Optional<String> awaitStatus(String device, String contains) throws InterruptedException {
        return status.await(r -> device.equals(r.key()) && text(r.value()).contains(contains), WAIT).map(r -> text(r.value()));
    }

    public long rejectedCount(RejectReason reason) {
        return ingest.metrics().rejectedByReason().getOrDefault(reason.code(), 0L);
    }

    public static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws Exception {
        readings.close();
        rejected.close();
        status.close();
        ingest.close();
        vertx.close().await();
    }
}
