package no.varde.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import no.varde.ingest.IngestConfig;
import no.varde.ingest.IngestService;
import no.varde.ingest.kafka.VardeTopics;
import no.varde.model.Domain;
import no.varde.model.Reading;
import no.varde.model.codec.ReadingJson;
import no.varde.storage.Device;
import no.varde.storage.DeviceRepository;
import no.varde.storage.Migrations;
import no.varde.storage.TokenHasher;
import no.varde.testsupport.KafkaRecords;
import no.varde.testsupport.TestInfrastructure;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real Paho clients (MQTT 3.1.1 and 5) against the real endpoint, a real Kafka broker and PostgreSQL. */
class MqttIngestTest {
    private static final String TOKEN_1 = "token-of-water-1-" + TokenHasher.newToken();
    private static final String TOKEN_2 = "token-of-air-2-" + TokenHasher.newToken();
    private static Vertx vertx;
    private static IngestService ingest;
    private static String readingsTopic;
    private static String rejectedTopic;
    private static String bootstrap;
    private static String url;

    @BeforeAll
    static void start() throws Exception {
        TestInfrastructure infra = TestInfrastructure.get();
        DataSource db = infra.newDatabase().dataSource();
        Migrations.migrate(db);
        TokenHasher hasher = new TokenHasher();
        DeviceRepository devices = new DeviceRepository(db);
        devices.upsert(new Device("water-1", Domain.WATER, "Nord", null, null, true), hasher.hash(TOKEN_1));
        devices.upsert(new Device("air-2", Domain.AIR, "Sentrum", null, null, true), hasher.hash(TOKEN_2));
        bootstrap = infra.kafkaBootstrap();
        readingsTopic = TestInfrastructure.uniqueTopic(VardeTopics.READINGS);
        rejectedTopic = TestInfrastructure.uniqueTopic(VardeTopics.REJECTED);
        VardeTopics.ensure(bootstrap, 1, (short) 1, readingsTopic, rejectedTopic);
        vertx = Vertx.vertx();
        ingest = new IngestService(vertx, IngestConfig.defaults("127.0.0.1", 0).withTopics(readingsTopic, rejectedTopic),
                db, bootstrap);
        ingest.start().await();
        url = "tcp://127.0.0.1:" + ingest.mqttPort();
    }

    @AfterAll
    static void stop() {
        ingest.close();
        vertx.close().await();
    }

    private static byte[] senml(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static MqttClient v3(String user, String password) throws MqttException {
        MqttClient client = new MqttClient(url, "c-" + user + "-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(user);
        options.setPassword(password.toCharArray());
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        client.connect(options);
        return client;
    }

    private static MqttAsyncClient v5(String user, String password) throws Exception {
        MqttAsyncClient client = new MqttAsyncClient(url, "c5-" + user + "-" + System.nanoTime(),
                new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(user);
        options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        client.connect(options).waitForCompletion(10_000);
        return client;
    }

    private static List<Reading> readingsOf(String device, int atLeast) {
        return KafkaRecords.readAtLeast(bootstrap, readingsTopic, 1_000_000, Duration.ofSeconds(3)).stream()
                .map(r -> ReadingJson.decode(r.value())).filter(r -> r.deviceId().equals(device)).toList();
    }

    private static List<String> deadLettersOf(String device) {
        return KafkaRecords.readAtLeast(bootstrap, rejectedTopic, 1_000_000, Duration.ofSeconds(3)).stream()
                .filter(r -> device.equals(r.key()))
                .map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void qos1PublishIsOnKafkaOnceAcknowledged() throws Exception {
        MqttClient client = v3("water-1", TOKEN_1);
        long t = Instant.now().getEpochSecond() - 60;
        client.publish(TelemetryTopic.of("water-1"), senml("[{\"bn\":\"water-1:\",\"bt\":" + t
                + ",\"n\":\"water.pressure\",\"u\":\"kPa\",\"v\":412},{\"n\":\"water.flow\",\"u\":\"m3/h\",\"v\":30.5,\"t\":1}]"), 1, false);
        client.disconnect();
        // publish() returned after PUBACK: the readings must already be durable in Kafka.
        List<ConsumerRecord<String, byte[]>> records = KafkaRecords.readAtLeast(bootstrap, readingsTopic, 2, Duration.ofSeconds(10));
        List<Reading> readings = records.stream().map(r -> ReadingJson.decode(r.value()))
                .filter(r -> r.eventTime().getEpochSecond() >= t && r.deviceId().equals("water-1")).toList();
        assertThat(readings).extracting(Reading::metric).contains("water.pressure", "water.flow");
        Reading pressure = readings.stream().filter(r -> r.metric().equals("water.pressure")).findFirst().orElseThrow();
        assertThat(pressure.value()).isCloseTo(4.12, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(pressure.unit()).isEqualTo("bar");
        assertThat(pressure.eventTime()).isEqualTo(Instant.ofEpochSecond(t));
        assertThat(records).filteredOn(r -> r.key().equals("water-1")).isNotEmpty();
    }

    @Test
    void wrongPasswordIsRefusedAtConnect() {
        assertThatThrownBy(() -> v3("water-1", "wrong"))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode())
                        .isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION));
        assertThatThrownBy(() -> v3("nobody", TOKEN_1))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode())
                        .isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION));
        assertThatThrownBy(() -> v5("water-1", TOKEN_2))
                .isInstanceOfSatisfying(org.eclipse.paho.mqttv5.common.MqttException.class,
                        e -> assertThat(e.getReasonCode()).isEqualTo(0x86));
        assertThat(ingest.metrics().connectionsRefused()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void malformedPayloadIsDeadLetteredWithItsReason() throws Exception {
        MqttAsyncClient client = v5("air-2", TOKEN_2);
        IMqttToken token = client.publish(TelemetryTopic.of("air-2"), new MqttMessage(senml("{not senml"), 1, false, null));
        token.waitForCompletion(10_000);
        assertThat(token.getReasonCodes()).containsExactly(0x99);
        client.disconnect().waitForCompletion(5_000);
        assertThat(deadLettersOf("air-2")).anySatisfy(letter -> assertThat(letter)
                .contains("\"reason\":\"malformed_payload\"").contains("\"topic\":\"sensors/air-2/telemetry\""));
    }

    @Test
    void aBatchKeepsItsGoodRecordsAndDeadLettersTheBadOnes() throws Exception {
        MqttAsyncClient client = v5("air-2", TOKEN_2);
        IMqttToken token = client.publish(TelemetryTopic.of("air-2"), new MqttMessage(senml(
                "[{\"n\":\"air.no2\",\"u\":\"ug/m3\",\"v\":41.5},{\"n\":\"air.no2\",\"v\":-5,\"t\":-1},"
                        + "{\"n\":\"air.colour\",\"v\":1}]"), 1, false, null));
        token.waitForCompletion(10_000);
        assertThat(token.getReasonCodes()).containsExactly(0x00);
        client.disconnect().waitForCompletion(5_000);
        assertThat(readingsOf("air-2", 1)).anySatisfy(r -> assertThat(r.value()).isEqualTo(41.5));
        assertThat(deadLettersOf("air-2")).anySatisfy(letter -> assertThat(letter)
                .contains("out_of_range").contains("unknown_metric"));
    }

    @Test
    void aDeviceCannotPublishOnAnotherDevicesTopic() throws Exception {
        MqttAsyncClient client = v5("air-2", TOKEN_2);
        IMqttToken token = client.publish(TelemetryTopic.of("water-1"), new MqttMessage(senml(
                "[{\"n\":\"water.pressure\",\"v\":0.1}]"), 1, false, null));
        token.waitForCompletion(10_000);
        assertThat(token.getReasonCodes()).containsExactly(0x87);
        client.disconnect().waitForCompletion(5_000);
        assertThat(readingsOf("water-1", 0)).noneSatisfy(r -> assertThat(r.value()).isEqualTo(0.1));
        assertThat(deadLettersOf("air-2")).anySatisfy(letter -> assertThat(letter)
                .contains("topic_not_authorized").contains("sensors/water-1/telemetry"));

        // MQTT 3.1.1 has no negative PUBACK: the connection is closed instead.
        MqttClient v3 = v3("air-2", TOKEN_2);
        assertThatThrownBy(() -> v3.publish(TelemetryTopic.of("water-1"), senml("[{\"n\":\"water.pressure\",\"v\":0.2}]"), 1, false))
                .isInstanceOf(MqttException.class);
        assertThat(v3.isConnected()).isFalse();
        v3.close();
    }

    @Test
    void qos2IsCompletedAfterTheDurableHandoff() throws Exception {
        MqttClient client = v3("water-1", TOKEN_1);
        client.publish(TelemetryTopic.of("water-1"), senml("[{\"n\":\"water.ph\",\"v\":7.25}]"), 2, false);
        client.disconnect();
        assertThat(readingsOf("water-1", 1)).anySatisfy(r -> assertThat(r.value()).isEqualTo(7.25));
    }
}
