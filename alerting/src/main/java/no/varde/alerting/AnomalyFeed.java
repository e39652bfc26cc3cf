package no.varde.alerting;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import no.varde.alerting.lifecycle.AlertEngine;
import no.varde.model.anomaly.AnomalyJson;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code varde.anomalies} and hands each poll's reports to the {@link AlertEngine} as one
 * batch (one transaction). Offsets are committed after that transaction has committed, so a crash
 * replays at most a poll; the engine ignores what it has seen (anomaly revisions, alert
 * membership, outbox dedupe keys), so a replay opens and notifies nothing twice. A record that is
 * not an anomaly report is kept in {@code undecodable_records} with the reason; a database outage
 * stops consumption (nothing is skipped) and retries the batch with backoff.
 */
public final class AnomalyFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AnomalyFeed.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final AlertEngine engine;
    private final DataSource db;
    private final Thread thread;
    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private volatile boolean running = true;

    public AnomalyFeed(String bootstrap, String topic, String groupId, AlertEngine engine, DataSource db) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "200");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "varde-alerting");
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        this.engine = engine;
        this.db = db;
        this.thread = new Thread(this::run, "varde-alerting-feed");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    public long processed() {
        return processed.get();
    }

    public long rejected() {
        return rejected.get();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic));
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    continue;
                }
                // Decoded once: a retry (the database away) stores the same batch, it does not read it again.
                List<AlertEngine.Incoming> reports = new ArrayList<>(records.count());
                Map<ConsumerRecord<String, byte[]>, String> refused = new LinkedHashMap<>();
                Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
                for (TopicPartition tp : records.partitions()) {
                    for (ConsumerRecord<String, byte[]> r : records.records(tp)) {
                        decode(r, reports, refused);
                        done.put(tp, new OffsetAndMetadata(r.offset() + 1));
                    }
                }
                if (!storeUntilDone(reports, refused, records.count())) {
                    return;
                }
                rejected.addAndGet(refused.size());
                processed.addAndGet(reports.size());
                // Once per poll, not per record: a synchronous commit per report was a broker round trip
                // each, and what a crash replays (at most one poll) the engine recognises and ignores.
                consumer.commitSync(done);
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.error("Alerting feed stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private static void decode(ConsumerRecord<String, byte[]> r, List<AlertEngine.Incoming> reports,
                               Map<ConsumerRecord<String, byte[]>, String> refused) {
        try {
            reports.add(new AlertEngine.Incoming(AnomalyJson.decode(r.value()), Instant.ofEpochMilli(r.timestamp())));
        } catch (Exception e) {
            String reason = "not an anomaly report: " + e.getMessage();
            LOG.warn("Rejected record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), reason);
            refused.put(r, reason);
        }
    }

    /**
     * Dead-letters the refused records and hands the reports to the engine as one batch, retrying
     * while the database is away: an anomaly is never skipped because PostgreSQL restarted. False
     * when the feed was closed before the batch was stored (its offsets are then not committed).
     */
    private boolean storeUntilDone(List<AlertEngine.Incoming> reports, Map<ConsumerRecord<String, byte[]>, String> refused, int polled) {
        long backoff = 200;
        while (running) {
            try {
                for (Map.Entry<ConsumerRecord<String, byte[]>, String> r : refused.entrySet()) {
                    deadLetter(r.getKey(), r.getValue());
                }
                if (!reports.isEmpty()) {
                    engine.onAnomalies(reports);
                }
                return true;
            } catch (SQLException e) {
                LOG.warn("A poll of {} record(s) not processed yet ({}); retrying in {} ms", polled, e.getMessage(), backoff);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
        return false;
    }

    private void deadLetter(ConsumerRecord<String, byte[]> r, String reason) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO undecodable_records (topic, kafka_partition, kafka_offset, received_at, reason, payload)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")) {
            s.setString(1, r.topic());
            s.setInt(2, r.partition());
            s.setLong(3, r.offset());
            s.setTimestamp(4, new Timestamp(r.timestamp()));
            s.setString(5, reason.length() > 500 ? reason.substring(0, 500) : reason);
            s.setBytes(6, r.value() == null ? new byte[0] : r.value());
            s.executeUpdate();
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
