package no.varde.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import no.varde.ingest.kafka.VardeTopics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

/**
 * What {@code bin/varde run} does, with nothing given: embedded PostgreSQL, in-process Kafka,
 * local Flink and the simulated demo fleet, until readings are stored; then a clean stop that
 * leaves no files behind.
 */
class EmbeddedPlatformTest {
    @Test
    void startsOnEmbeddedDefaultsStoresSimulatedReadingsAndCleansUp() throws Exception {
        Path workDir = Path.of("target", "embedded-platform-work").toAbsolutePath();
        PlatformOptions options = new PlatformOptions(workDir, null, null, null, null,
                "127.0.0.1", 0, "127.0.0.1", 0, new DemoSimulation(null, 6, Duration.ofSeconds(1), 2, true, 42), Duration.ofSeconds(2), null,
                no.varde.ingest.TlsSettings.selfSigned(0), 20, null, 0, 0, 10000, null, true);
        long stored;
        try (Platform platform = Platform.start(options)) {
            assertThat(platform.listeners()).containsKeys("postgres", "kafka", "flink", "mqtt", "mqtt-tls", "http", "admin", "simulator");
            assertThat(platform.listeners().get("postgres")).contains("(embedded)");
            assertThat(platform.listeners().get("kafka")).contains("(embedded)");
            assertThat(Files.exists(workDir.resolve("demo-fleet.csv"))).isTrue();
            // The embedded broker syncs every append: one partition per topic, so one sync per produce request.
            String bootstrap = platform.listeners().get("kafka").replace(" (embedded)", "");
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                var topics = admin.describeTopics(List.of(VardeTopics.ALL)).allTopicNames().get(30, TimeUnit.SECONDS);
                assertThat(topics).hasSize(VardeTopics.ALL.length);
                topics.values().forEach(t -> assertThat(t.partitions()).as(t.name()).hasSize(1));
            }
            // The demo town's sensors report through two gateways; its incidents are logged as ground truth.
            assertThat(Files.readString(workDir.resolve("demo-fleet.csv"))).contains("demo-gw-001,gateway", "demo-gw-002,gateway");
            assertThat(Files.exists(workDir.resolve("ground-truth.jsonl"))).isTrue();
            // A second platform on the same work directory must refuse before touching it.
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Platform.start(options))
                    .hasMessageContaining("another Varde is running");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            HealthReport health = platform.health();
            while (health.stored() <= 0 && System.nanoTime() < deadline) {
                Thread.sleep(500);
                health = platform.health();
            }
            stored = health.stored();
            assertThat(health.up()).isTrue();
            assertThat(health.received()).isPositive();
        }
        assertThat(stored).isPositive();
        assertThat(Files.exists(workDir)).isFalse();
    }
}
