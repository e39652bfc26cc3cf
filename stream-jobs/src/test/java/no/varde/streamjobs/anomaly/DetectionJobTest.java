package no.varde.streamjobs.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import no.varde.model.Reading;
import no.varde.model.anomaly.Anomaly;
import no.varde.model.anomaly.AnomalyJson;
import no.varde.model.codec.ReadingBinary;
import no.varde.storage.Migrations;
import no.varde.streamjobs.LocalFlink;
import no.varde.streamjobs.ReadingsJob;
import no.varde.streamjobs.StreamJobsConfig;
import no.varde.streamjobs.detect.LimitRules;
import no.varde.testsupport.TestDatabase;
import no.varde.testsupport.TestInfrastructure;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole stream job (readings, rollups, detection) on a real Kafka broker and PostgreSQL:
 * anomalies reach the table and {@code varde.anomalies}; after the job is killed and restarted
 * from its last checkpoint no reading is lost and no anomaly is duplicated; a reading too late
 * for its rollup is kept in {@code late_readings}.
 */
class DetectionJobTest {
    // Named time fixtures: two days of readings a minute apart, then the incidents.
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final int WARM_MINUTES = 2 * 1440;
    private static final int SPIKE_MINUTE = WARM_MINUTES + 10;
    private static final int W2_SILENT_FROM = WARM_MINUTES + 30;
    private static final int PHASE_ONE_END = WARM_MINUTES + 60;
    private static final int W2_BACK_AT = WARM_MINUTES + 90;
    private static final int SECOND_SPIKE_MINUTE = WARM_MINUTES + 100;
    private static final int PHASE_TWO_END = WARM_MINUTES + 120;
    private static final Instant LONG_AGO = T0.plus(Duration.ofHours(5)).plusSeconds(30);

    @TempDir
    Path checkpoints;

    private static double pressure(int minute) {
        return 4.0 + 0.3 * Math.sin(2 * Math.PI * (minute % 1440) / 1440.0) + 0.02 * Math.sin(minute * 12.9898) * Math.cos(minute * 78.233);
    }

    private static List<Reading> minutes(int from, int to) {
        List<Reading> list = new ArrayList<>();
        for (int m = from; m < to; m++) {
            Instant t = T0.plusSeconds(60L * m);
            double p = m == SPIKE_MINUTE || m == SECOND_SPIKE_MINUTE ? 7.5 : pressure(m);
            list.add(new Reading("w-1", "water.pressure", p, "bar", t, t));
            if (m < W2_SILENT_FROM || m >= W2_BACK_AT) {
                list.add(new Reading("w-2", "water.pressure", pressure(m + 7), "bar", t, t));
            }
        }
        return list;
    }

    @Test
    void anomaliesAreStoredAndPublishedOnceAcrossAKillAndRestart() throws Exception {
        TestInfrastructure infra = TestInfrastructure.get();
        TestDatabase database = infra.newDatabase();
        DataSource db = database.dataSource();
        Migrations.migrate(db);
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO devices (id, kind, zone) VALUES ('w-1', 'water', 'Nord'), ('w-2', 'water', 'Nord')");
        }
        String readingsTopic = TestInfrastructure.uniqueTopic("det-readings");
        String anomaliesTopic = TestInfrastructure.uniqueTopic("det-anomalies");
        String rejectedTopic = TestInfrastructure.uniqueTopic("det-rejected");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", infra.kafkaBootstrap()))) {
            admin.createTopics(List.of(new NewTopic(readingsTopic, 1, (short) 1), new NewTopic(anomaliesTopic, 1, (short) 1),
                    new NewTopic(rejectedTopic, 1, (short) 1))).all().get();
        }
        StreamJobsConfig config = new StreamJobsConfig(infra.kafkaBootstrap(), readingsTopic, rejectedTopic, anomaliesTopic, "det-test",
                database.jdbcUrl(), null, null, Duration.ofSeconds(1));

        List<Reading> phaseOne = minutes(0, PHASE_ONE_END);
        produce(config, phaseOne);
        JobClient first = start(config, null);
        try {
            awaitCount(db, "SELECT count(*) FROM anomalies WHERE kind = 'spike' AND status = 'closed'", 1);
            awaitCount(db, "SELECT count(*) FROM anomalies WHERE kind = 'silence' AND status = 'open' AND 'w-2' = ANY (device_ids)", 1);
            awaitCount(db, "SELECT count(*) FROM readings", phaseOne.size());
            Thread.sleep(3000); // a checkpoint or two after everything was processed
        } finally {
            first.cancel().get(30, TimeUnit.SECONDS); // a kill: no savepoint, only the last checkpoint remains
        }

        Path checkpoint = latestCheckpoint();
        List<Reading> phaseTwo = new ArrayList<>(minutes(PHASE_ONE_END, PHASE_TWO_END));
        produce(config, phaseTwo);
        JobClient second = start(config, checkpoint);
        try {
            awaitCount(db, "SELECT count(*) FROM anomalies WHERE kind = 'silence' AND status = 'closed'", 1);
            awaitCount(db, "SELECT count(*) FROM anomalies WHERE kind = 'spike' AND status = 'closed'", 2);
            awaitCount(db, "SELECT count(*) FROM readings", phaseOne.size() + phaseTwo.size());
            // Once the watermark is far ahead (it restarts from nothing after a restore), a reading from
            // hours ago is too late for its minute: kept in late_readings (and in readings).
            Reading late = new Reading("w-1", "water.pressure", 4.1, "bar", LONG_AGO, Instant.now());
            produce(config, List.of(late));
            phaseTwo.add(late);
            awaitCount(db, "SELECT count(*) FROM late_readings WHERE device_id = 'w-1' AND event_time = '" + LONG_AGO + "'", 1);
        } finally {
            second.cancel().get(30, TimeUnit.SECONDS);
        }

        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM readings")) {
                rs.next();
                assertThat(rs.getLong(1)).as("no reading lost or doubled").isEqualTo(phaseOne.size() + phaseTwo.size());
            }
            try (ResultSet rs = s.executeQuery("SELECT kind, started_at, explanation FROM anomalies WHERE kind IN ('spike', 'silence') ORDER BY started_at")) {
                List<String> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(rs.getString(1) + "@" + rs.getTimestamp(2).toInstant());
                }
                assertThat(rows).containsExactly(
                        "spike@" + T0.plusSeconds(60L * SPIKE_MINUTE),
                        "silence@" + T0.plusSeconds(60L * (W2_SILENT_FROM - 1)),
                        "spike@" + T0.plusSeconds(60L * SECOND_SPIKE_MINUTE));
            }
            try (ResultSet rs = s.executeQuery("SELECT explanation, ended_at FROM anomalies WHERE kind = 'silence'")) {
                rs.next();
                assertThat(rs.getString(1)).contains("device w-2 (zone Nord) has not reported since");
                assertThat(rs.getTimestamp(2).toInstant()).isEqualTo(T0.plusSeconds(60L * W2_BACK_AT));
            }
        }

        // Kafka: every report of one anomaly has its id; a replayed report repeats an (id, revision), never a new id.
        Map<String, Set<String>> idsBySubject = new HashMap<>();
        for (Anomaly a : consume(config)) {
            idsBySubject.computeIfAbsent(a.kind() + "/" + a.deviceIds() + "/" + a.startedAt(), k -> new HashSet<>()).add(a.id().toString());
        }
        assertThat(idsBySubject).containsKeys("SPIKE/[w-1]/" + T0.plusSeconds(60L * SPIKE_MINUTE), "SILENCE/[w-2]/" + T0.plusSeconds(60L * (W2_SILENT_FROM - 1)));
        assertThat(idsBySubject.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
    }

    private JobClient start(StreamJobsConfig config, Path restoreFrom) throws Exception {
        StreamExecutionEnvironment env = LocalFlink.environment(checkpoints, restoreFrom);
        ReadingsJob.buildAll(env, config, LimitRules.shipped());
        return env.executeAsync(ReadingsJob.NAME);
    }

    private Path latestCheckpoint() throws Exception {
        try (Stream<Path> files = Files.walk(checkpoints)) {
            return files.filter(f -> f.getFileName().toString().equals("_metadata"))
                    .max(Comparator.comparingLong(f -> Long.parseLong(f.getParent().getFileName().toString().substring(4))))
                    .map(Path::getParent).orElseThrow(() -> new AssertionError("no retained checkpoint"));
        }
    }

    private static void produce(StreamJobsConfig config, List<Reading> readings) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", config.kafkaBootstrap(),
                "acks", "all", "linger.ms", "10"), new StringSerializer(), new ByteArraySerializer())) {
            for (Reading r : readings) {
                producer.send(new ProducerRecord<>(config.readingsTopic(), r.deviceId(), ReadingBinary.encode(r)));
            }
            producer.flush();
        }
    }

    private static List<Anomaly> consume(StreamJobsConfig config) throws Exception {
        List<Anomaly> list = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", config.kafkaBootstrap(),
                "group.id", "det-test-reader", "auto.offset.reset", "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(config.anomaliesTopic()));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    list.add(AnomalyJson.decode(r.value()));
                }
            }
        }
        return list;
    }

    private static void awaitCount(DataSource db, String sql, long expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        long last = -1;
        while (System.nanoTime() < deadline) {
            try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                last = rs.getLong(1);
                if (last >= expected) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not reached within 90 s (last " + last + ", expected " + expected + "): " + sql);
    }
}
