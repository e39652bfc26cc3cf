package no.varde.streamjobs;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What the stream jobs connect to. The same names are used as environment variables by
 * {@code bin/varde}, by {@code flink run} and in docker-compose.yml.
 */
public record StreamJobsConfig(String kafkaBootstrap, String readingsTopic, String rejectedTopic, String anomaliesTopic,
                               String consumerGroup,
                               String jdbcUrl, String jdbcUser, String jdbcPassword,
                               Duration checkpointInterval) implements Serializable {
    public static final String DEFAULT_GROUP = "varde-stream-jobs";
    public static final String DEFAULT_ANOMALIES_TOPIC = "varde.anomalies";

    public StreamJobsConfig {
        Objects.requireNonNull(kafkaBootstrap, "kafkaBootstrap");
        Objects.requireNonNull(readingsTopic, "readingsTopic");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(anomaliesTopic, "anomaliesTopic");
    }

    /**
     * From environment-style settings: VARDE_KAFKA_BOOTSTRAP, VARDE_DB_URL, VARDE_DB_USER,
     * VARDE_DB_PASSWORD, VARDE_READINGS_TOPIC, VARDE_REJECTED_TOPIC, VARDE_ANOMALIES_TOPIC, VARDE_CONSUMER_GROUP, VARDE_CHECKPOINT_SECONDS.
     */
    public static StreamJobsConfig fromSettings(Map<String, String> settings) {
        String bootstrap = settings.get("VARDE_KAFKA_BOOTSTRAP");
        String url = settings.get("VARDE_DB_URL");
        if (bootstrap == null || url == null) {
            throw new IllegalArgumentException("VARDE_KAFKA_BOOTSTRAP and VARDE_DB_URL must be set");
        }
        return new StreamJobsConfig(bootstrap,
                settings.getOrDefault("VARDE_READINGS_TOPIC", "varde.readings"),
                settings.getOrDefault("VARDE_REJECTED_TOPIC", "varde.rejected"),
                settings.getOrDefault("VARDE_ANOMALIES_TOPIC", DEFAULT_ANOMALIES_TOPIC),
                settings.getOrDefault("VARDE_CONSUMER_GROUP", DEFAULT_GROUP),
                url, settings.get("VARDE_DB_USER"), settings.get("VARDE_DB_PASSWORD"),
                Duration.ofSeconds(Long.parseLong(settings.getOrDefault("VARDE_CHECKPOINT_SECONDS", "10"))));
    }

    public StreamJobsConfig withConsumerGroup(String group) {
        return new StreamJobsConfig(kafkaBootstrap, readingsTopic, rejectedTopic, anomaliesTopic, group, jdbcUrl, jdbcUser, jdbcPassword,
                checkpointInterval);
    }

    @Override
    public String toString() {
        return "StreamJobsConfig[kafka=" + kafkaBootstrap + ", topic=" + readingsTopic + ", group=" + consumerGroup
                + ", db=" + jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1***") + ", checkpoint=" + checkpointInterval + "]";
    }
}
