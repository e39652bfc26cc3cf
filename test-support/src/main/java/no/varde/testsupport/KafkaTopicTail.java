package no.varde.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Follows a Kafka topic from the beginning in the background, so tests can wait for a record that matches. */
public final class KafkaTopicTail implements AutoCloseable {
    private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    private final Thread poller;
    private volatile boolean running = true;

    public KafkaTopicTail(String bootstrap, String topic) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "tail-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        poller = new Thread(() -> {
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(topic));
                while (running) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        synchronized (records) {
                            records.add(record);
                            records.notifyAll();
                        }
                    }
                }
            }
        }, "tail-" + topic);
        poller.setDaemon(true);
        poller.start();
    }

    /** The first record (from the beginning) that matches, waiting up to {@code timeout}. */
    public Optional<ConsumerRecord<String, byte[]>> await(Predicate<ConsumerRecord<String, byte[]>> match, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (records) {
            int checked = 0;
            while (true) {
                for (; checked < records.size(); checked++) {
                    if (match.test(records.get(checked))) {
                        return Optional.of(records.get(checked));
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                records.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** Every record so far that matches. */
    public List<ConsumerRecord<String, byte[]>> matching(Predicate<ConsumerRecord<String, byte[]>> match) {
        synchronized (records) {
            return records.stream().filter(match).toList();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        poller.join(5_000);
    }
}
