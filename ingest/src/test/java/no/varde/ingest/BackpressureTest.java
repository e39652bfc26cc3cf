package no.varde.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import no.varde.embedded.EmbeddedKafkaBroker;
import no.varde.ingest.kafka.VardeTopics;
import no.varde.ingest.mqtt.PublishTopic;
import no.varde.model.DeviceKind;
import no.varde.model.codec.ReadingBinary;
import no.varde.storage.Device;
import no.varde.storage.DeviceRepository;
import no.varde.storage.Migrations;
import no.varde.storage.TokenHasher;
import no.varde.testsupport.KafkaRecords;
import no.varde.testsupport.TestInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka made slow for real (a broker-side byte-rate quota on ingest's producer): a device that
 * floods QoS 1 messages is no longer read from once too many of its messages wait for Kafka,
 * instead of having them queued without bound; when Kafka speeds up, every message arrives.
 */
class BackpressureTest {
    private static final int MESSAGES = 1000;
    /** Makes each message ~1 KB, so the flood does not fit in the first socket reads (ingest ignores the field). */
    private static final String PADDING = "x".repeat(1000);

    @TempDir
    Path dir;

    @Test
    void readingFromADeviceStopsWhileKafkaIsSlow() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0)) {
            String bootstrap = broker.bootstrapServers();
            VardeTopics.ensure(bootstrap, 1, (short) 1, VardeTopics.ALL);
            DataSource db = TestInfrastructure.get().newDatabase().dataSource();
            Migrations.migrate(db);
            String token = TokenHasher.newToken();
            new DeviceRepository(db).upsert(Device.of("flood-1", DeviceKind.AIR, null), new TokenHasher().hash(token));

            Vertx vertx = Vertx.vertx();
            IngestService ingest = new IngestService(vertx, IngestConfig.defaults("127.0.0.1", 0).withRateLimit(0, 1)
                    .withKafkaDeliveryTimeout(Duration.ofSeconds(120)), db, bootstrap);
            ingest.start().await();
            MqttAsyncClient client = new MqttAsyncClient("tcp://127.0.0.1:" + ingest.mqttPort(), "flood-" + System.nanoTime(),
                    new MemoryPersistence());
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                quota(admin, 2000.0);
                MqttConnectOptions options = new MqttConnectOptions();
                options.setUserName("flood-1");
                options.setPassword(token.toCharArray());
                options.setMaxInflight(MESSAGES * 2);
                options.setKeepAliveInterval(300);
                client.connect(options).waitForCompletion(10_000);

                long base = Instant.now().getEpochSecond() - 3600;
                List<IMqttDeliveryToken> sent = new ArrayList<>();
                for (int i = 1; i <= MESSAGES; i++) {
                    sent.add(client.publish(PublishTopic.telemetryOf("flood-1"), ("[{\"n\":\"air.no2\",\"v\":" + i + ",\"t\":" + (base + i) + ",\"pad\":\"" + PADDING + "\"}]")
                            .getBytes(StandardCharsets.UTF_8), 1, false));
                }
                Thread.sleep(3_000);
                long read = ingest.metrics().messagesReceived();
                System.out.printf("BackpressureTest: %d of %d messages read while Kafka was throttled (%d pauses)%n",
                        read, MESSAGES, ingest.metrics().readingPauses());
                assertThat(ingest.metrics().readingPauses()).as("reading was paused").isPositive();
                assertThat(read).as("messages read while Kafka is slow").isLessThan(MESSAGES * 3 / 4);

                quota(admin, null);
                for (IMqttDeliveryToken token1 : sent) {
                    token1.waitForCompletion(90_000);
                }
            } finally {
                if (client.isConnected()) {
                    client.disconnectForcibly(0, 1_000);
                }
                client.close(true);
                ingest.close();
                vertx.close().await();
            }
            long stored = KafkaRecords.readAtLeast(bootstrap, VardeTopics.READINGS, MESSAGES, Duration.ofSeconds(30)).stream()
                    .filter(r -> ReadingBinary.decode(r.value()).deviceId().equals("flood-1")).count();
            assertThat(stored).isEqualTo(MESSAGES);
        }
    }

    private static void quota(Admin admin, Double bytesPerSecond) throws Exception {
        admin.alterClientQuotas(List.of(new ClientQuotaAlteration(
                new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, "varde-ingest")),
                List.of(new ClientQuotaAlteration.Op("producer_byte_rate", bytesPerSecond))))).all().get();
    }
}
