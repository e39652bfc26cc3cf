package no.varde.streamjobs;

import no.varde.model.Reading;
import no.varde.model.anomaly.Anomaly;
import no.varde.streamjobs.anomaly.AnomalySerializer;
import no.varde.streamjobs.anomaly.JdbcZoneDirectory;
import no.varde.streamjobs.anomaly.ZoneDirectory;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import no.varde.streamjobs.rollup.Rollup;
import no.varde.streamjobs.rollup.RollupSql;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The production sources and sinks of the stream jobs; tests inject others where they need to.
 *
 * <p>Sources read from the consumer group's committed offsets (committed on each checkpoint), or
 * from the beginning for a new group: a restarted job misses nothing. Sinks are batched,
 * at-least-once and idempotent: the writer flushes before each checkpoint completes, so offsets
 * are committed only for rows already in the database, and each table's key absorbs the replays.
 * A database outage fails the batch after the retries, the job restarts from its last
 * checkpoint, and no row is dropped.
 */
public final class Connectors {
    /** Rows per JDBC batch and the longest a row waits for its batch. */
    static final int BATCH_SIZE = 1000;
    static final long BATCH_INTERVAL_MS = 200;
    /** COPY pays per batch (a transaction, a round trip), so its batches are larger; 200 ms still bounds the wait. */
    static final int COPY_BATCH_SIZE = 5000;

    private Connectors() {
    }

    public static KafkaSource<Decoded<Reading>> readingsSource(StreamJobsConfig config) {
        return kafkaSource(config, config.readingsTopic(), config.consumerGroup(), new ReadingDeserializer());
    }

    /** {@code varde.rejected}, under a consumer group of its own. */
    public static KafkaSource<Decoded<DeadLetterRow>> deadLettersSource(StreamJobsConfig config) {
        return kafkaSource(config, config.rejectedTopic(), config.consumerGroup() + "-dead-letters", new DeadLetterDeserializer());
    }

    /**
     * Idempotent writes into {@code readings} with COPY in its binary format ({@link CopyReadingsWriter}):
     * measured at 0.77–0.81 of {@code psql \copy} in the text format, against 0.44–0.50 for batched
     * multi-row inserts; binary took a sixth off the server's CPU per row (docs/capacity.md, 2026-12-08).
     */
    public static Sink<Reading> readingsSink(StreamJobsConfig config) {
        return BatchingJdbcWriter.sink(target(config, COPY_BATCH_SIZE), CopyReadingsWriter::new);
    }

    /** Idempotent inserts into {@code rejected_messages}, keyed by Kafka position. */
    public static Sink<DeadLetterRow> deadLettersSink(StreamJobsConfig config) {
        return jdbcSink(config, DeadLettersSql.INSERT, new DeadLettersSql(), true);
    }

    /** Idempotent inserts into {@code undecodable_records}, keyed by Kafka position. */
    public static Sink<UndecodableRecord> undecodableRecordsSink(StreamJobsConfig config) {
        return jdbcSink(config, UndecodableRecordsSql.INSERT, new UndecodableRecordsSql(), true);
    }

    /**
     * Upserts rollups into {@code table} ({@code readings_1m} or {@code readings_1h}). A window
     * fires again for late readings, so one batch may update the same row twice: the batch is
     * sent as separate statements (no multi-row rewrite, which PostgreSQL refuses for that).
     */
    public static Sink<Rollup> rollupSink(StreamJobsConfig config, String table) {
        return jdbcSink(config, RollupSql.upsert(table), new RollupSql(), false);
    }

    /** Idempotent inserts into {@code late_readings}. */
    public static Sink<Reading> lateReadingsSink(StreamJobsConfig config) {
        return jdbcSink(config, LateReadingsSql.INSERT, new LateReadingsSql(), true);
    }

    /**
     * Upserts anomaly reports into {@code anomalies}, locking rows in the order alerting does
     * ({@link AnomaliesWriter}). Flushed every 200 ms: alerting reads Kafka, not this table, so the
     * table's delay does not delay an alert.
     */
    public static Sink<Anomaly> anomaliesStore(StreamJobsConfig config) {
        return BatchingJdbcWriter.sink(target(config, BATCH_SIZE), AnomaliesWriter::new);
    }

    private static BatchingJdbcWriter.Target target(StreamJobsConfig config, int batchSize) {
        return new BatchingJdbcWriter.Target(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword(), batchSize, BATCH_INTERVAL_MS);
    }

    /**
     * Anomaly reports onto {@code varde.anomalies}, at least once: after a restart a report may be
     * sent again, with the same id and revision, which consumers drop. (Exactly-once would hold
     * every report back until the next checkpoint, up to 10 s of an alert's time.)
     */
    public static Sink<Anomaly> anomaliesPublish(StreamJobsConfig config) {
        return KafkaSink.<Anomaly>builder()
                .setBootstrapServers(config.kafkaBootstrap())
                .setRecordSerializer(new AnomalySerializer(config.anomaliesTopic()))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setProperty("linger.ms", "5")
                .build();
    }

    /** The device registry's zones. */
    public static ZoneDirectory zoneDirectory(StreamJobsConfig config) {
        return new JdbcZoneDirectory(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword());
    }

    @SuppressWarnings("deprecation")
    private static <T> KafkaSource<T> kafkaSource(StreamJobsConfig config, String topic, String group,
                                                  KafkaRecordDeserializationSchema<T> deserializer) {
        return KafkaSource.<T>builder()
                .setBootstrapServers(config.kafkaBootstrap())
                .setTopics(topic)
                .setGroupId(group)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(deserializer)
                .setProperty("commit.offsets.on.checkpoint", "true")
                .setProperty("client.id.prefix", group)
                .build();
    }

    private static <T> Sink<T> jdbcSink(StreamJobsConfig config, String sql, JdbcStatementBuilder<T> statement,
                                        boolean rewriteBatchedInserts) {
        JdbcConnectionOptions.JdbcConnectionOptionsBuilder connection = new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
                .withUrl(config.jdbcUrl())
                .withDriverName("org.postgresql.Driver")
                // pgjdbc can rewrite a batch of single-row inserts into multi-row ones: far fewer round trips.
                .withProperty("reWriteBatchedInserts", String.valueOf(rewriteBatchedInserts))
                .withProperty("ApplicationName", "varde-stream-jobs");
        if (config.jdbcUser() != null) {
            connection.withUsername(config.jdbcUser());
        }
        if (config.jdbcPassword() != null) {
            connection.withPassword(config.jdbcPassword());
        }
        return JdbcSink.<T>builder()
                .withQueryStatement(sql, statement)
                .withExecutionOptions(JdbcExecutionOptions.builder()
                        .withBatchSize(BATCH_SIZE)
                        .withBatchIntervalMs(BATCH_INTERVAL_MS)
                        .withMaxRetries(3)
                        .build())
                .buildAtLeastOnce(connection.build());
    }
}
