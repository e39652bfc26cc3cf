package no.varde.streamjobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import no.varde.model.codec.DeadLetter;
import no.varde.model.validation.RejectReason;
import no.varde.model.validation.Rejection;
import no.varde.storage.Migrations;
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
import org.junit.jupiter.api.Test;

/** Dead letters from a real Kafka topic into rejected_messages in real PostgreSQL, replay-safe. */
class DeadLettersJobTest {
    @Test
    void deadLettersAreKeptForInspectionOnce() throws Exception {
        TestInfrastructure infra = TestInfrastructure.get();
        TestDatabase database = infra.newDatabase();
        DataSource db = database.dataSource();
        Migrations.migrate(db);
        String topic = TestInfrastructure.uniqueTopic("rejected");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", infra.kafkaBootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        Instant at = Instant.parse("2026-11-23T03:00:00Z");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", infra.kafkaBootstrap()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "w-1", DeadLetter.of("w-1", "sensors/w-1/telemetry", at,
                    List.of(new Rejection(RejectReason.OUT_OF_RANGE, 1, "water.ph = 15"), new Rejection(RejectReason.UNKNOWN_METRIC, 2, "x")),
                    "[{\"n\":\"water.ph\",\"v\":15}]".getBytes(StandardCharsets.UTF_8)).toJson())).get();
            producer.send(new ProducerRecord<>(topic, "w-2", DeadLetter.of("w-2", "sensors/w-2/telemetry", at.plusSeconds(1),
                    List.of(Rejection.ofMessage(RejectReason.MALFORMED_PAYLOAD, "not valid JSON")), new byte[20_000]).toJson())).get();
            // Not a dead letter at all: what a foreign producer or a bug would leave on the topic.
            producer.send(new ProducerRecord<>(topic, "w-x", "{\"device\": ".getBytes(StandardCharsets.UTF_8))).get();
        }
        StreamJobsConfig config = new StreamJobsConfig(infra.kafkaBootstrap(), "unused-readings", topic, "unused-anomalies", "dl-test",
                database.jdbcUrl(), null, null, Duration.ofSeconds(1));
        // The second run, under a new consumer group, replays the topic from the start; a third
        // dead letter sent after it starts shows when it has read past the first two.
        for (String group : List.of("dl-test", "dl-test-replay")) {
            StreamExecutionEnvironment env = LocalFlink.environment();
            env.enableCheckpointing(1000);
            StreamJobsConfig run = config.withConsumerGroup(group);
            new DeadLettersJob(Connectors.deadLettersSource(run), Connectors.deadLettersSink(run), Connectors.undecodableRecordsSink(run)).build(env);
            JobClient job = env.executeAsync("dead-letters-test");
            long expected = group.equals("dl-test") ? 2 : 3;
            try {
                if (expected == 3) {
                    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", infra.kafkaBootstrap()),
                            new StringSerializer(), new ByteArraySerializer())) {
                        producer.send(new ProducerRecord<>(topic, "w-3", DeadLetter.of("w-3", "sensors/w-3/telemetry", at.plusSeconds(2),
                                List.of(Rejection.ofMessage(RejectReason.RATE_LIMITED, "too fast")), new byte[1]).toJson())).get();
                    }
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while ((count(db) < expected || count(db, "undecodable_records") < 1) && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
            assertThat(count(db)).as("after the run of consumer group %s", group).isEqualTo(expected);
            assertThat(count(db, "undecodable_records WHERE topic = '" + topic + "' AND kafka_offset = 2 "
                    + "AND reason LIKE 'not a dead letter: %' AND convert_from(payload, 'UTF8') = '{\"device\": '"))
                    .as("the record that is not a dead letter, once, after the run of %s", group).isEqualTo(1);
            assertThat(count(db, "undecodable_records")).isEqualTo(1);
        }
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT device_id, reasons, rejections->0->>'detail', octet_length(payload), payload_size, payload_truncated, received_at "
                        + "FROM rejected_messages ORDER BY received_at")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("w-1");
            assertThat((String[]) rs.getArray(2).getArray()).containsExactly("out_of_range", "unknown_metric");
            assertThat(rs.getString(3)).isEqualTo("water.ph = 15");
            assertThat(rs.getTimestamp(7).toInstant()).isEqualTo(at);
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(4)).isEqualTo(DeadLetter.MAX_KEPT_PAYLOAD);
            assertThat(rs.getInt(5)).isEqualTo(20_000);
            assertThat(rs.getBoolean(6)).isTrue();
        }
    }

    private static long count(DataSource db) throws Exception {
        return count(db, "rejected_messages");
    }

    private static long count(DataSource db, String from) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + from)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
