package no.varde.ingest.kafka;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import no.varde.ingest.IngestException;
import no.varde.ingest.IngestStatus;
import no.varde.model.Reading;
import no.varde.model.codec.DeadLetter;
import no.varde.model.codec.ReadingJson;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Hands readings and dead letters to Kafka and tells when they are durable (acknowledged by
 * all in-sync replicas). Ingest acknowledges a device's message only after this future succeeds,
 * which is what lets a QoS 1 publish survive any crash after its PUBACK.
 */
public final class DurableHandoff implements AutoCloseable {
    private final Vertx vertx;
    private final KafkaProducer<String, byte[]> producer;
    private final String readingsTopic;
    private final String rejectedTopic;
    private final String statusTopic;

    public DurableHandoff(Vertx vertx, String bootstrapServers, String readingsTopic, String rejectedTopic, String statusTopic) {
        this.vertx = vertx;
        this.readingsTopic = readingsTopic;
        this.rejectedTopic = rejectedTopic;
        this.statusTopic = statusTopic;
        Properties props = new Properties();
        props.putAll(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                // A few ms of batching costs little latency and saves a lot of requests under load.
                ProducerConfig.LINGER_MS_CONFIG, "5",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000",
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000",
                // Never block an event loop for long when the broker is away: fail fast instead.
                ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000",
                ProducerConfig.CLIENT_ID_CONFIG, "varde-ingest"));
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** Completes on the caller's context once every reading is durable; fails if any is not. */
    public Future<Void> sendReadings(List<Reading> readings) {
        List<Future<Void>> sends = new ArrayList<>(readings.size());
        for (Reading reading : readings) {
            sends.add(send(new ProducerRecord<>(readingsTopic, reading.deviceId(), ReadingJson.encode(reading))));
        }
        return Future.all(sends).mapEmpty();
    }

    public Future<Void> sendDeadLetter(DeadLetter letter) {
        return send(new ProducerRecord<>(rejectedTopic, letter.deviceId(), letter.toJson()));
    }

    public Future<Void> sendStatus(String deviceId, byte[] json) {
        return send(new ProducerRecord<>(statusTopic, deviceId, json));
    }

    private Future<Void> send(ProducerRecord<String, byte[]> record) {
        // Kafka calls back on its own I/O thread; hop back to the caller's context so the
        // MQTT endpoint is only ever touched from its event loop.
        Context context = vertx.getOrCreateContext();
        Promise<Void> promise = Promise.promise();
        try {
            producer.send(record, (metadata, error) -> context.runOnContext(v -> {
                if (error == null) {
                    promise.tryComplete();
                } else {
                    promise.tryFail(new IngestException(IngestStatus.UNAVAILABLE,
                            "Kafka did not acknowledge: " + error.getMessage(), error));
                }
            }));
        } catch (RuntimeException e) {
            promise.tryFail(new IngestException(IngestStatus.UNAVAILABLE, "Kafka unavailable: " + e.getMessage(), e));
        }
        return promise.future();
    }


    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(10));
    }
}
