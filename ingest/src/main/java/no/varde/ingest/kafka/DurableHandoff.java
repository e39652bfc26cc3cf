package no.varde.ingest.kafka;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import no.varde.ingest.IngestException;
import no.varde.ingest.IngestStatus;
import no.varde.model.Reading;
import no.varde.model.codec.DeadLetter;
import no.varde.model.codec.ReadingEncoding;
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
    private final ReadingEncoding encoding;

    public DurableHandoff(Vertx vertx, String bootstrapServers, String readingsTopic, String rejectedTopic, String statusTopic) {
        this(vertx, bootstrapServers, readingsTopic, rejectedTopic, statusTopic, Duration.ofSeconds(30), ReadingEncoding.BINARY);
    }

    /**
     * @param deliveryTimeout how long Kafka may take to acknowledge before the message counts as not
     *                        durable (the device's connection is then closed and it resends)
     * @param encoding        how readings are written (readers take every encoding)
     */
    public DurableHandoff(Vertx vertx, String bootstrapServers, String readingsTopic, String rejectedTopic, String statusTopic,
                          Duration deliveryTimeout, ReadingEncoding encoding) {
        this.vertx = vertx;
        this.encoding = encoding;
        this.readingsTopic = readingsTopic;
        this.rejectedTopic = rejectedTopic;
        this.statusTopic = statusTopic;
        this.producer = new KafkaProducer<>(producerProperties(bootstrapServers, deliveryTimeout), new StringSerializer(),
                new ByteArraySerializer());
    }

    /**
     * Group commit: one produce request in flight at a time, and what arrives meanwhile leaves
     * together in the next one (up to 256 KB). A broker appends and forces one partition's
     * requests one after another, so with five in flight a request waited for the forced appends
     * of those ahead of it; one in flight waits for at most one before its own, and the busier
     * ingest is, the more each request carries (docs/capacity.md, 2026-12-06 late: PUBACK p50
     * 12-29 ms to 7.5-8.5 ms at 10,000 msg/s, 29-55 ms to 19-32 ms at 15,000). The larger batch is
     * so that one request at a time does not cap a slow disk at 16 KB per forced write.
     */
    static Properties producerProperties(String bootstrapServers, Duration deliveryTimeout) {
        Properties props = new Properties();
        props.putAll(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1",
                ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024),
                // A millisecond of batching costs little latency and saves many requests under load
                // (measured: p50 PUBACK 6.6 ms at 1 ms against 13 ms at 5 ms, same throughput).
                ProducerConfig.LINGER_MS_CONFIG, "1",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(deliveryTimeout.toMillis()),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(Math.max(1000, deliveryTimeout.toMillis() / 3))));
        // send() runs on an event loop: it may block only briefly (buffer full, metadata missing).
        // Beyond that the message is not durable, the device's connection closes and the device
        // resends later: backpressure instead of unbounded buffering.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "50");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "varde-ingest");
        return props;
    }

    /**
     * Fetches the topics' metadata before traffic arrives, so that send() on an event loop finds it
     * cached and never waits for it. Blocking; retries for up to {@code timeout}.
     */
    public void warmUp(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (String topic : List.of(readingsTopic, rejectedTopic, statusTopic)) {
            while (true) {
                try {
                    producer.partitionsFor(topic);
                    break;
                } catch (RuntimeException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("no metadata for Kafka topic " + topic + " after " + timeout, e);
                    }
                    Thread.sleep(100);
                }
            }
        }
    }

    /** Completes on the caller's context once every reading is durable; fails if any is not. */
    public Future<Void> sendReadings(List<Reading> readings) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(readings.size());
        for (Reading reading : readings) {
            records.add(new ProducerRecord<>(readingsTopic, reading.deviceId(), encoding.encode(reading)));
        }
        return sendAll(records);
    }

    public Future<Void> sendDeadLetter(DeadLetter letter) {
        return send(new ProducerRecord<>(rejectedTopic, letter.deviceId(), letter.toJson()));
    }

    public Future<Void> sendStatus(String deviceId, byte[] json) {
        return send(new ProducerRecord<>(statusTopic, deviceId, json));
    }

    private Future<Void> send(ProducerRecord<String, byte[]> record) {
        return sendAll(List.of(record));
    }

    /**
     * Sends the records and completes once Kafka acknowledged all of them (or one failed). Kafka
     * calls back on its own I/O thread; the outcome hops back to the caller's context once per
     * message, not once per record, so the MQTT endpoint is only ever touched from its event loop.
     */
    private Future<Void> sendAll(List<ProducerRecord<String, byte[]>> records) {
        if (records.isEmpty()) {
            return Future.succeededFuture();
        }
        Context context = vertx.getOrCreateContext();
        Promise<Void> promise = Promise.promise();
        AtomicInteger pending = new AtomicInteger(records.size());
        AtomicBoolean failed = new AtomicBoolean();
        for (ProducerRecord<String, byte[]> record : records) {
            try {
                producer.send(record, (metadata, error) -> {
                    if (error != null) {
                        if (failed.compareAndSet(false, true)) {
                            context.runOnContext(v -> promise.tryFail(new IngestException(IngestStatus.UNAVAILABLE,
                                    "Kafka did not acknowledge: " + error.getMessage(), error)));
                        }
                    } else if (pending.decrementAndGet() == 0 && !failed.get()) {
                        context.runOnContext(v -> promise.tryComplete());
                    }
                });
            } catch (RuntimeException e) {
                if (failed.compareAndSet(false, true)) {
                    promise.tryFail(new IngestException(IngestStatus.UNAVAILABLE, "Kafka unavailable: " + e.getMessage(), e));
                }
                break;
            }
        }
        return promise.future();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
