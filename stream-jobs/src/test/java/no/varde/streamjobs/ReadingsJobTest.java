package no.varde.streamjobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import no.varde.model.Reading;
import no.varde.model.codec.ReadingEncoding;
import no.varde.storage.Migrations;
import no.varde.testsupport.Sql;
import no.varde.testsupport.TestDatabase;
import no.varde.testsupport.TestInfrastructure;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The readings job on a local MiniCluster, reading a real Kafka topic and writing real PostgreSQL. */
class ReadingsJobTest {
    private static final Instant T0 = Instant.parse("2026-11-23T03:00:00Z");
    private static DataSource db;
    private static StreamJobsConfig config;

    @BeforeAll
    static void setUp() throws Exception {
        TestInfrastructure infra = TestInfrastructure.get();
        TestDatabase database = infra.newDatabase();
        db = database.dataSource();
        Migrations.migrate(db);
        String topic = TestInfrastructure.uniqueTopic("readings");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", infra.kafkaBootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        config = new StreamJobsConfig(infra.kafkaBootstrap(), topic, "unused-rejected", "unused-anomalies", "job-test", database.jdbcUrl(), null, null,
                Duration.ofSeconds(1));
    }

    private static Reading reading(String device, int minute, double value) {
        return new Reading(device, "water.pressure", value, "bar", T0.plusSeconds(60L * minute), T0.plusSeconds(60L * minute + 1));
    }

    private static void produce(List<byte[]> values, List<String> keys) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", config.kafkaBootstrap(),
                "acks", "all"), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < values.size(); i++) {
                producer.send(new ProducerRecord<>(config.readingsTopic(), keys.get(i), values.get(i))).get();
            }
        }
    }

    private static void produceReadings(List<Reading> readings) throws Exception {
        produce(readings.stream().map(ReadingEncoding.BINARY::encode).toList(), readings.stream().map(Reading::deviceId).toList());
    }

    private static JobClient startJob(StreamJobsConfig jobConfig) throws Exception {
        StreamExecutionEnvironment env = LocalFlink.environment();
        new ReadingsJob(Connectors.readingsSource(jobConfig), Connectors.undecodableRecordsSink(jobConfig), Connectors.readingsSink(jobConfig),
                Connectors.rollupSink(jobConfig, "readings_1m"), Connectors.rollupSink(jobConfig, "readings_1h"),
                Connectors.lateReadingsSink(jobConfig))
                .build(env, jobConfig.checkpointInterval());
        return env.executeAsync(ReadingsJob.NAME);
    }

    private static void awaitCount(String sql, long expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                if (rs.getLong(1) >= expected) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not reached within 90 s: " + sql);
    }

    private static void assertRollup(String device, String bucket, int count, double value) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT count, min, max, avg, last FROM readings_1m WHERE device_id = '" + device + "' AND metric = 'water.pressure' "
                        + "AND bucket = '" + bucket + "'")) {
            assertThat(rs.next()).as("rollup of %s at %s", device, bucket).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(count);
            assertThat(rs.getDouble(2)).isEqualTo(value);
            assertThat(rs.getDouble(3)).isEqualTo(value);
            assertThat(rs.getDouble(4)).isEqualTo(value);
            assertThat(rs.getDouble(5)).isEqualTo(value);
        }
    }

    private static long rows() throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM readings")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void awaitRows(long expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (rows() < expected && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(rows()).isEqualTo(expected);
    }

    @Test
    void storesEveryReadingOnceEvenWhenReplayed() throws Exception {
        List<Reading> readings = new ArrayList<>();
        for (int minute = 0; minute < 50; minute++) {
            readings.add(reading("w-" + (minute % 5), minute, 4.0 + minute / 100.0));
        }
        // An out-of-order reading and a duplicate (a device resending after a lost PUBACK).
        readings.add(reading("w-9", 0, 3.3));
        readings.add(reading("w-0", 0, 4.0));
        // A different value for a (device, metric, time) already sent: the first is kept, this one dead-lettered.
        readings.add(reading("w-1", 1, 9.99));
        produceReadings(readings);
        produce(List.of("garbage".getBytes()), List.of("w-x"));

        JobClient first = startJob(config);
        try {
            awaitRows(51, Duration.ofSeconds(60));
            // Minutes close as the watermark passes them (a partition without readings holds it
            // back until it counts as idle, hence the generous wait).
            awaitCount("SELECT count(*) FROM readings_1m WHERE device_id = 'w-3' AND bucket = '2026-11-23T03:03:00Z'", 1);
            awaitCount("SELECT count(*) FROM rejected_messages WHERE 'conflicting_duplicate' = ANY(reasons)", 1);
            awaitCount("SELECT count(*) FROM undecodable_records", 1);
        } finally {
            first.cancel().get(30, TimeUnit.SECONDS);
        }
        assertUndecodableKept();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT value, unit, event_time, received_at FROM readings "
                     + "WHERE device_id = 'w-3' AND metric = 'water.pressure' ORDER BY event_time LIMIT 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getDouble(1)).isEqualTo(4.03);
            assertThat(rs.getString(2)).isEqualTo("bar");
            assertThat(rs.getTimestamp(3).toInstant()).isEqualTo(T0.plusSeconds(180));
            assertThat(rs.getTimestamp(4).toInstant()).isEqualTo(T0.plusSeconds(181));
        }

        // 1-minute rollups: each series' minute once, the resent duplicate counted once.
        assertRollup("w-3", "2026-11-23T03:03:00Z", 1, 4.03);
        assertRollup("w-0", "2026-11-23T03:00:00Z", 1, 4.0);
        assertConflictKept();

        // A job with a new consumer group replays the whole topic; the key keeps rows unique.
        JobClient replay = startJob(config.withConsumerGroup("job-test-replay"));
        try {
            produceReadings(List.of(reading("w-sentinel", 0, 1.0)));
            awaitRows(52, Duration.ofSeconds(60));
        } finally {
            replay.cancel().get(30, TimeUnit.SECONDS);
        }
        assertRollup("w-0", "2026-11-23T03:00:00Z", 1, 4.0);
        // The replay met the conflict and the record that is not a reading again, and kept nothing twice.
        assertConflictKept();
        assertUndecodableKept();
    }

    private static void assertUndecodableKept() throws SQLException {
        assertThat(Sql.count(db, "SELECT count(*) FROM undecodable_records WHERE topic = '" + config.readingsTopic() + "' "
                + "AND kafka_partition = 0 AND kafka_offset = 53 AND reason LIKE 'not a reading: %' "
                + "AND convert_from(payload, 'UTF8') = 'garbage'")).isEqualTo(1);
        assertThat(Sql.count(db, "SELECT count(*) FROM undecodable_records")).isEqualTo(1);
    }

    private static void assertConflictKept() throws SQLException {
        assertThat(Sql.count(db, "SELECT count(*) FROM readings WHERE device_id = 'w-1' AND event_time = '2026-11-23T03:01:00Z' "
                + "AND value = 4.01")).isEqualTo(1);
        assertRollup("w-1", "2026-11-23T03:01:00Z", 1, 4.01);
        assertThat(Sql.count(db, "SELECT count(*) FROM rejected_messages WHERE 'conflicting_duplicate' = ANY(reasons) "
                + "AND device_id = 'w-1' AND kafka_partition = -1 AND topic = 'storage:readings' "
                + "AND rejections->0->>'detail' LIKE 'water.pressure at 2026-11-23T03:01:00.000000Z: 9.99 bar differs from the 4.01 bar%' "
                + "AND convert_from(payload, 'UTF8')::jsonb->>'storedValue' = '4.01'")).isEqualTo(1);
        assertThat(Sql.count(db, "SELECT count(*) FROM rejected_messages")).isEqualTo(1);
        assertThat(Sql.count(db, "SELECT value FROM storage_counters WHERE name = 'conflicting_duplicates'")).isEqualTo(1);
    }

    /**
     * The windows of many series make more state than the JobManager's memory may checkpoint (5 MB);
     * the one-process platform writes checkpoints to its work directory so they still complete.
     */
    @Test
    void checkpointsOfTenThousandOpenWindowsComplete(@org.junit.jupiter.api.io.TempDir java.nio.file.Path checkpoints) throws Exception {
        String topic = TestInfrastructure.uniqueTopic("many-series");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", config.kafkaBootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        StreamJobsConfig many = new StreamJobsConfig(config.kafkaBootstrap(), topic, "unused-rejected", "unused-anomalies", "job-test-many", config.jdbcUrl(),
                null, null, Duration.ofSeconds(1));
        int series = 12_000;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", config.kafkaBootstrap(),
                "acks", "all", "linger.ms", "20"), new StringSerializer(), new ByteArraySerializer())) {
            // All in one minute that never closes (nothing later arrives): 12,000 windows stay open in state.
            // Both encodings, alternating, as a topic holds them after an upgrade from JSON.
            for (int i = 0; i < series; i++) {
                Reading r = new Reading("many-" + i, "water.pressure", 4.0, "bar", T0.plusSeconds(7), T0.plusSeconds(8));
                producer.send(new ProducerRecord<>(topic, r.deviceId(), (i % 2 == 0 ? ReadingEncoding.BINARY : ReadingEncoding.JSON).encode(r)));
            }
            producer.flush();
        }
        StreamExecutionEnvironment env = LocalFlink.environment(checkpoints);
        new ReadingsJob(Connectors.readingsSource(many), Connectors.undecodableRecordsSink(many), Connectors.readingsSink(many), Connectors.rollupSink(many, "readings_1m"),
                Connectors.rollupSink(many, "readings_1h"), Connectors.lateReadingsSink(many)).build(env, many.checkpointInterval());
        JobClient job = env.executeAsync(ReadingsJob.NAME);
        try {
            awaitCount("SELECT count(*) FROM readings WHERE device_id LIKE 'many-%'", series);
            long stored = System.currentTimeMillis();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            boolean completed = false;
            while (!completed && System.nanoTime() < deadline) {
                Thread.sleep(500);
                try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(checkpoints)) {
                    completed = files.anyMatch(f -> f.getFileName().toString().equals("_metadata") && f.toFile().lastModified() > stored);
                }
            }
            assertThat(completed).as("a checkpoint with 12,000 open windows completed").isTrue();
            assertThat(job.getJobStatus().get(10, TimeUnit.SECONDS)).isEqualTo(org.apache.flink.api.common.JobStatus.RUNNING);
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }
}
