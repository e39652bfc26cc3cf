package no.varde.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import no.varde.embedded.EmbeddedKafkaBroker;
import no.varde.ingest.kafka.VardeTopics;
import no.varde.ingest.mqtt.PublishTopic;
import no.varde.model.DeviceKind;
import no.varde.model.Reading;
import no.varde.model.codec.ReadingBinary;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka stops in the middle of a QoS 1 run and comes back. A device (Paho, resending whatever was
 * not acknowledged, as devices do) keeps publishing. Afterwards every acknowledged reading is in
 * Kafka, and no reading is there more often than it was sent.
 */
class KafkaOutageTest {
    private static final int MESSAGES = 200;
    private static final Duration RUN_LIMIT = Duration.ofSeconds(150);

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedReadingSurvivesABrokerOutage() throws Exception {
        AtomicReference<EmbeddedKafkaBroker> broker = new AtomicReference<>(EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0));
        int port = broker.get().port();
        int controllerPort = broker.get().controllerPort();
        String bootstrap = broker.get().bootstrapServers();
        VardeTopics.ensure(bootstrap, 1, (short) 1, VardeTopics.ALL);

        DataSource db = TestInfrastructure.get().newDatabase().dataSource();
        Migrations.migrate(db);
        String token = TokenHasher.newToken();
        new DeviceRepository(db).upsert(Device.of("outage-1", DeviceKind.AIR, null), new TokenHasher().hash(token));

        Vertx vertx = Vertx.vertx();
        IngestService ingest = new IngestService(vertx, IngestConfig.defaults("127.0.0.1", 0).withRateLimit(0, 1)
                .withKafkaDeliveryTimeout(Duration.ofSeconds(4)), db, bootstrap);
        ingest.start().await();
        Map<Integer, Integer> attempts = new HashMap<>();
        Map<Integer, Integer> acknowledged = new HashMap<>();
        long base = Instant.now().getEpochSecond() - 3600;
        long deadline = System.nanoTime() + RUN_LIMIT.toNanos();
        Thread outage = null;
        MqttClient client = null;
        try {
            int id = 1;
            while (id <= MESSAGES && System.nanoTime() < deadline) {
                if (id == MESSAGES / 3 && outage == null) {
                    outage = new Thread(() -> {
                        try {
                            broker.get().close();
                            Thread.sleep(6_000);
                            broker.set(EmbeddedKafkaBroker.start(dir.resolve("kafka"), port, controllerPort));
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }, "kafka-outage");
                    outage.start();
                }
                if (client == null || !client.isConnected()) {
                    client = connect(ingest.mqttPort(), token);
                    if (client == null) {
                        Thread.sleep(250);
                        continue;
                    }
                }
                attempts.merge(id, 1, Integer::sum);
                try {
                    client.publish(PublishTopic.telemetryOf("outage-1"), ("[{\"n\":\"air.no2\",\"v\":" + id + ",\"t\":" + (base + id) + "}]")
                            .getBytes(StandardCharsets.UTF_8), 1, false);
                    acknowledged.merge(id, 1, Integer::sum);
                    id++;
                } catch (MqttException notAcknowledged) {
                    // Not acknowledged: the device sends the same reading again after reconnecting.
                    closeQuietly(client);
                    client = null;
                }
            }
            assertThat(acknowledged).as("all messages acknowledged within the time limit").hasSize(MESSAGES);
            assertThat(attempts.values().stream().mapToInt(Integer::intValue).sum())
                    .as("the outage made some publishes fail and be resent").isGreaterThan(MESSAGES);
        } finally {
            closeQuietly(client);
            if (outage != null) {
                outage.join(60_000);
            }
            ingest.close();
            vertx.close().await();
        }

        Map<Integer, Integer> inKafka = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : KafkaRecords.readAtLeast(broker.get().bootstrapServers(), VardeTopics.READINGS,
                MESSAGES, Duration.ofSeconds(30))) {
            Reading reading = ReadingBinary.decode(record.value());
            inKafka.merge((int) reading.value(), 1, Integer::sum);
        }
        broker.get().close();
        for (int id = 1; id <= MESSAGES; id++) {
            assertThat(inKafka.getOrDefault(id, 0)).as("reading %d in Kafka", id)
                    .isGreaterThanOrEqualTo(acknowledged.get(id))
                    .isLessThanOrEqualTo(attempts.get(id));
        }
    }

    private static MqttClient connect(int port, String token) {
        try {
            MqttClient client = new MqttClient("tcp://127.0.0.1:" + port, "outage-" + System.nanoTime(), new MemoryPersistence());
            client.setTimeToWait(20_000);
            MqttConnectOptions options = new MqttConnectOptions();
            options.setUserName("outage-1");
            options.setPassword(token.toCharArray());
            client.connect(options);
            return client;
        } catch (MqttException e) {
            return null;
        }
    }

    private static void closeQuietly(MqttClient client) {
        if (client == null) {
            return;
        }
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(100, 100);
            }
            client.close(true);
        } catch (MqttException e) {
            // already gone
        }
    }
}
