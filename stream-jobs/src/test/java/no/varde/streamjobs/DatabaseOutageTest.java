package no.varde.streamjobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import no.varde.embedded.FreePorts;
import no.varde.model.Reading;
import no.varde.model.codec.ReadingJson;
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

/**
 * The database goes away while readings keep coming (it refuses connections and its sessions are
 * killed, as in a failover or restart): the job fails its writes, restarts from its last
 * checkpoint until the database is back, and then every reading is stored exactly once.
 */
class DatabaseOutageTest {
    private static final Instant T0 = Instant.parse("2026-11-23T04:00:00Z");

    @Test
    void noReadingIsLostOrDoubledAcrossADatabaseOutage() throws Exception {
        TestInfrastructure infra = TestInfrastructure.get();
        TestDatabase database = infra.newDatabase();
        String url = database.jdbcUrl();
        String adminUrl = url.replace("/" + database.name(), "/postgres");
        Migrations.migrate(database.dataSource());
        String topic = TestInfrastructure.uniqueTopic("outage-readings");
        try (Admin kafkaAdmin = Admin.create(Map.of("bootstrap.servers", infra.kafkaBootstrap()))) {
            kafkaAdmin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        StreamJobsConfig config = new StreamJobsConfig(infra.kafkaBootstrap(), topic, "unused", "unused-anomalies", "db-outage", url, null, null,
                Duration.ofMillis(500));
        int restPort = FreePorts.find();
        StreamExecutionEnvironment env = LocalFlink.environment(null, null, restPort);
        new ReadingsJob(Connectors.readingsSource(config), Connectors.undecodableRecordsSink(config), Connectors.readingsSink(config),
                Connectors.rollupSink(config, "readings_1m"), Connectors.rollupSink(config, "readings_1h"),
                Connectors.lateReadingsSink(config)).build(env, config.checkpointInterval());
        JobClient job = env.executeAsync("db-outage");
        Supplier<String> why = () -> jobStory(job, restPort);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", infra.kafkaBootstrap()),
                new StringSerializer(), new ByteArraySerializer())) {
            produce(producer, topic, 0, 100);
            awaitRows(url, 100, why);
            outage(adminUrl, database.name(), true);
            produce(producer, topic, 100, 200);
            Thread.sleep(5_000);
            outage(adminUrl, database.name(), false);
            produce(producer, topic, 200, 300);
            awaitRows(url, 300, why);
            Thread.sleep(2_000);
            assertThat(rows(url)).isEqualTo(300);
        } finally {
            outage(adminUrl, database.name(), false);
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    /** Starts or ends an outage of one database: no new connections, and the open ones are killed. */
    private static void outage(String adminUrl, String name, boolean down) throws Exception {
        try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
            s.execute("ALTER DATABASE " + name + " WITH ALLOW_CONNECTIONS " + !down);
            if (down) {
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name + "'");
            }
        }
    }

    private static void produce(KafkaProducer<String, byte[]> producer, String topic, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            Instant t = T0.plusSeconds(i);
            producer.send(new ProducerRecord<>(topic, "dbo-1", ReadingJson.encode(new Reading("dbo-1", "water.ph", 7, "pH", t, t)))).get();
        }
    }

    private static void awaitRows(String url, long expected, Supplier<String> why) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (rows(url) >= expected) {
                    return;
                }
            } catch (Exception databaseStillStarting) {
                // retry
            }
            Thread.sleep(250);
        }
        throw new AssertionError(expected + " rows not stored within 120 s; have " + rows(url) + "\n" + why.get());
    }

    /**
     * What the job was doing, for a failure message: its status and Flink's exception history (the
     * restarts and their causes). Without it a run where the job never came back after the outage
     * said only how many rows it had.
     */
    private static String jobStory(JobClient job, int restPort) {
        StringBuilder story = new StringBuilder();
        try {
            story.append("job status: ").append(job.getJobStatus().get(10, TimeUnit.SECONDS));
            HttpResponse<String> exceptions = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + restPort + "/jobs/" + job.getJobID() + "/exceptions?maxExceptions=5"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            story.append("\nrestarts, newest first (Flink's exception history):");
            for (JsonNode entry : new ObjectMapper().readTree(exceptions.body()).path("exceptionHistory").path("entries")) {
                String trace = entry.path("stacktrace").asText();
                story.append("\n  ").append(Instant.ofEpochMilli(entry.path("timestamp").asLong())).append(' ').append(lineAt(trace, 0));
                int rootCause = trace.lastIndexOf("Caused by: ");
                if (rootCause > 0) {
                    story.append(" / ").append(lineAt(trace, rootCause));
                }
            }
        } catch (Exception e) {
            story.append("\n(could not ask Flink: ").append(e).append(')');
        }
        return story.toString();
    }

    /** The line of {@code text} that starts at {@code from}. */
    private static String lineAt(String text, int from) {
        int end = text.indexOf('\n', from);
        return text.substring(from, end < 0 ? text.length() : end);
    }

    private static long rows(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM readings")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
