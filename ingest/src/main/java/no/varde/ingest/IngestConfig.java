package no.varde.ingest;

import java.util.Objects;
import no.varde.ingest.kafka.VardeTopics;
import no.varde.model.codec.ReadingEncoding;
import no.varde.model.validation.ValidationPolicy;

/**
 * Where ingest listens and what it accepts. Hosts and ports always come from configuration;
 * port 0 asks for a free one (tests).
 *
 * @param ratePerSecond per-device message rate (token bucket refill); 0 switches limiting off
 * @param rateBurst     per-device burst (bucket size)
 * @param tls           the TLS listener, or null for none
 * @param kafkaDeliveryTimeout how long Kafka may take before a message counts as not durable
 * @param readingsEncoding     how readings are written to Kafka (binary; JSON during a rolling upgrade)
 */
public record IngestConfig(String mqttHost, int mqttPort, int maxPayloadBytes, ValidationPolicy validation,
                           String readingsTopic, String rejectedTopic, String statusTopic,
                           double ratePerSecond, double rateBurst, TlsSettings tls, java.time.Duration kafkaDeliveryTimeout,
                           ReadingEncoding readingsEncoding) {
    public static final int DEFAULT_MQTT_PORT = 1883;
    public static final int DEFAULT_MAX_PAYLOAD = 64 * 1024;
    /** A sensor reports every few seconds to minutes; 20/s with bursts of 100 leaves room for catch-up after an outage. */
    public static final double DEFAULT_RATE = 20;
    public static final double DEFAULT_BURST = 100;

    public IngestConfig {
        Objects.requireNonNull(mqttHost, "mqttHost");
        Objects.requireNonNull(readingsEncoding, "readingsEncoding");
        if (maxPayloadBytes <= 0) {
            throw new IllegalArgumentException("maxPayloadBytes must be positive");
        }
    }

    public static IngestConfig defaults(String host, int port) {
        return new IngestConfig(host, port, DEFAULT_MAX_PAYLOAD, ValidationPolicy.defaults(),
                VardeTopics.READINGS, VardeTopics.REJECTED, VardeTopics.DEVICE_STATUS, DEFAULT_RATE, DEFAULT_BURST, null,
                java.time.Duration.ofSeconds(30), ReadingEncoding.BINARY);
    }

    public IngestConfig withTopics(String readings, String rejected, String status) {
        return new IngestConfig(mqttHost, mqttPort, maxPayloadBytes, validation, readings, rejected, status,
                ratePerSecond, rateBurst, tls, kafkaDeliveryTimeout, readingsEncoding);
    }

    public IngestConfig withMqttPort(int port) {
        return new IngestConfig(mqttHost, port, maxPayloadBytes, validation, readingsTopic, rejectedTopic, statusTopic,
                ratePerSecond, rateBurst, tls, kafkaDeliveryTimeout, readingsEncoding);
    }

    public IngestConfig withRateLimit(double perSecond, double burst) {
        return new IngestConfig(mqttHost, mqttPort, maxPayloadBytes, validation, readingsTopic, rejectedTopic, statusTopic,
                perSecond, burst, tls, kafkaDeliveryTimeout, readingsEncoding);
    }

    public IngestConfig withMaxPayload(int bytes) {
        return new IngestConfig(mqttHost, mqttPort, bytes, validation, readingsTopic, rejectedTopic, statusTopic,
                ratePerSecond, rateBurst, tls, kafkaDeliveryTimeout, readingsEncoding);
    }

    public IngestConfig withTls(TlsSettings settings) {
        return new IngestConfig(mqttHost, mqttPort, maxPayloadBytes, validation, readingsTopic, rejectedTopic, statusTopic,
                ratePerSecond, rateBurst, settings, kafkaDeliveryTimeout, readingsEncoding);
    }

    public IngestConfig withKafkaDeliveryTimeout(java.time.Duration timeout) {
        return new IngestConfig(mqttHost, mqttPort, maxPayloadBytes, validation, readingsTopic, rejectedTopic, statusTopic,
                ratePerSecond, rateBurst, tls, timeout, readingsEncoding);
    }

    public IngestConfig withReadingsEncoding(ReadingEncoding encoding) {
        return new IngestConfig(mqttHost, mqttPort, maxPayloadBytes, validation, readingsTopic, rejectedTopic, statusTopic,
                ratePerSecond, rateBurst, tls, kafkaDeliveryTimeout, encoding);
    }
}
