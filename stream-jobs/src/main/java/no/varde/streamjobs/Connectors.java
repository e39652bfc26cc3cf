package no.varde.streamjobs;

import no.varde.model.Reading;
import no.varde.streamjobs.rollup.Rollup;
import no.varde.streamjobs.rollup.RollupSql;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** The production source and sink of the readings job; tests inject others where they need to. */
public final class Connectors {
    /** Rows per JDBC batch and the longest a row waits for its batch. */
    static final int BATCH_SIZE = 1000;
    static final long BATCH_INTERVAL_MS = 200;

    private Connectors() {
    }

    /**
     * Reads {@code varde.readings} from the consumer group's committed offsets (committed on each
     * checkpoint), or from the beginning for a new group: a restarted job misses nothing.
     */
    @SuppressWarnings("deprecation")
    public static KafkaSource<Reading> readingsSource(StreamJobsConfig config) {
        return KafkaSource.<Reading>builder()
                .setBootstrapServers(config.kafkaBootstrap())
                .setTopics(config.readingsTopic())
                .setGroupId(config.consumerGroup())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new ReadingDeserializer())
                .setProperty("commit.offsets.on.checkpoint", "true")
                .setProperty("client.id.prefix", config.consumerGroup())
                .build();
    }

    /**
     * Batched, idempotent writes into {@code readings}. At-least-once: the writer flushes before
     * each checkpoint completes, so offsets are committed only for rows already in the database,
     * and the primary key absorbs the replays. A database outage fails the batch after the
     * retries, the job restarts from its last checkpoint, and no row is dropped.
     */
    public static Sink<Reading> readingsSink(StreamJobsConfig config) {
        return JdbcSink.<Reading>builder()
                .withQueryStatement(ReadingsSql.INSERT, new ReadingsSql())
                .withExecutionOptions(JdbcExecutionOptions.builder()
                        .withBatchSize(BATCH_SIZE)
                        .withBatchIntervalMs(BATCH_INTERVAL_MS)
                        .withMaxRetries(3)
                        .build())
                .buildAtLeastOnce(connection(config, true));
    }

    /**
     * Upserts rollups into {@code table} ({@code readings_1m} or {@code readings_1h}). A window
     * fires again for late readings, so one batch may update the same row twice: the batch is
     * sent as separate statements (no multi-row rewrite, which PostgreSQL refuses for that).
     */
    public static Sink<Rollup> rollupSink(StreamJobsConfig config, String table) {
        return JdbcSink.<Rollup>builder()
                .withQueryStatement(RollupSql.upsert(table), new RollupSql())
                .withExecutionOptions(JdbcExecutionOptions.builder()
                        .withBatchSize(BATCH_SIZE)
                        .withBatchIntervalMs(BATCH_INTERVAL_MS)
                        .withMaxRetries(3)
                        .build())
                .buildAtLeastOnce(connection(config, false));
    }

    /** Reads {@code varde.rejected} under its own consumer group, from committed offsets like the readings. */
    @SuppressWarnings("deprecation")
    public static KafkaSource<DeadLetterRow> deadLettersSource(StreamJobsConfig config) {
        return KafkaSource.<DeadLetterRow>builder()
                .setBootstrapServers(config.kafkaBootstrap())
                .setTopics(config.rejectedTopic())
                .setGroupId(config.consumerGroup() + "-dead-letters")
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new DeadLetterDeserializer())
                .setProperty("commit.offsets.on.checkpoint", "true")
                .setProperty("client.id.prefix", config.consumerGroup() + "-dead-letters")
                .build();
    }

    /** Idempotent (Kafka position as key), at-least-once, like the readings sink. */
    public static Sink<DeadLetterRow> deadLettersSink(StreamJobsConfig config) {
        return JdbcSink.<DeadLetterRow>builder()
                .withQueryStatement(DeadLettersSql.INSERT, new DeadLettersSql())
                .withExecutionOptions(JdbcExecutionOptions.builder()
                        .withBatchSize(BATCH_SIZE)
                        .withBatchIntervalMs(BATCH_INTERVAL_MS)
                        .withMaxRetries(3)
                        .build())
                .buildAtLeastOnce(connection(config, true));
    }

    private static JdbcConnectionOptions connection(StreamJobsConfig config, boolean rewriteBatchedInserts) {
        JdbcConnectionOptions.JdbcConnectionOptionsBuilder connection = new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
                .withUrl(config.jdbcUrl())
                .withDriverName("org.postgresql.Driver")
                // pgjdbc rewrites a batch of single-row inserts into multi-row inserts: far fewer round trips.
                .withProperty("reWriteBatchedInserts", String.valueOf(rewriteBatchedInserts))
                .withProperty("ApplicationName", "varde-stream-jobs");
        if (config.jdbcUser() != null) {
            connection.withUsername(config.jdbcUser());
        }
        if (config.jdbcPassword() != null) {
            connection.withPassword(config.jdbcPassword());
        }
        return connection.build();
    }
}
