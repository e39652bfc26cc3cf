package no.varde.ingest;

import java.util.Objects;
import no.varde.model.validation.ValidationPolicy;

/**
 * Where ingest listens and what it accepts. Hosts and ports always come from configuration;
 * port 0 asks for a free one (tests).
 */
public record IngestConfig(String mqttHost, int mqttPort, int maxPayloadBytes, ValidationPolicy validation,
                           String readingsTopic, String rejectedTopic) {
    public static final int DEFAULT_MQTT_PORT = 1883;
    public static final int DEFAULT_MAX_PAYLOAD = 64 * 1024;

    public IngestConfig {
        Objects.requireNonNull(mqttHost, "mqttHost");
        if (maxPayloadBytes <= 0) {
            throw new IllegalArgumentException("maxPayloadBytes must be positive");
        }
    }

    public static IngestConfig defaults(String host, int port) {
        return new IngestConfig(host, port, DEFAULT_MAX_PAYLOAD, ValidationPolicy.defaults(),
                no.varde.ingest.kafka.VardeTopics.READINGS, no.varde.ingest.kafka.VardeTopics.REJECTED);
    }

    public IngestConfig withTopics(String readings, String rejected) {
        return new IngestConfig(mqttHost, mqttPort, maxPayloadBytes, validation, readings, rejected);
    }
}
