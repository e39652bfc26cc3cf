package no.varde.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedServersTest {
    @TempDir
    Path dir;

    @Test
    void kafkaBrokerStoresAndServesRecords() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0)) {
            publish(broker, "t", List.of("hello"));
            assertThat(consumeAll(broker, "t", 1)).containsExactly("hello");
        }
    }

    /*
     * A copy of a running broker's log directory is what a crash leaves: no clean-shutdown marker, and
     * a metadata log in which the broker is still registered and unfenced. A broker started on it must
     * serve every acknowledged record, and must not wait out the dead incarnation's session (Kafka's
     * default is 9 s, retried every 2 s) before it may register again: that wait was most of the
     * one-process platform's restart after a crash (docs/capacity.md).
     */
    @Test
    void aBrokerRestartedFromACrashImageServesWhatItAcknowledgedWithoutWaitingOutItsOldSession() throws Exception {
        Path live = dir.resolve("kafka");
        Path image = dir.resolve("crash-image");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(live, 0)) {
            publish(broker, "t", IntStream.range(0, 100).mapToObj(i -> "reading " + i).toList());
            copyTree(live, image);
        }
        long started = System.nanoTime();
        try (EmbeddedKafkaBroker restarted = EmbeddedKafkaBroker.start(image, 0)) {
            Duration toReady = Duration.ofNanos(System.nanoTime() - started);
            assertThat(consumeAll(restarted, "t", 100)).hasSize(100).contains("reading 0", "reading 99");
            assertThat(toReady).as("the broker's start on a crash image, against Kafka's default session of 9 s")
                    .isLessThan(Duration.ofSeconds(9));
        }
    }

    /** Creates the topic and publishes each value, waiting for the broker's acknowledgement (acks=all). */
    private static void publish(EmbeddedKafkaBroker broker, String topic, List<String> values) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        Properties p = new Properties();
        p.put("bootstrap.servers", broker.bootstrapServers());
        p.put("acks", "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (String v : values) {
                producer.send(new ProducerRecord<>(topic, "k", v)).get();
            }
        }
    }

    private static List<String> consumeAll(EmbeddedKafkaBroker broker, String topic, int expected) {
        Properties c = new Properties();
        c.put("bootstrap.servers", broker.bootstrapServers());
        c.put("group.id", "g");
        c.put("auto.offset.reset", "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            for (int i = 0; i < 30 && values.size() < expected; i++) {
                consumer.poll(Duration.ofSeconds(1)).forEach(r -> values.add(r.value()));
            }
        }
        return values;
    }

    /** Copies a directory a running broker writes to; a file it renames or deletes meanwhile is left out, as a crash would. */
    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(d).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                try {
                    Files.copy(f, to.resolve(from.relativize(f).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                } catch (NoSuchFileException gone) {
                    // a checkpoint's temporary file, renamed between listing and copying
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
    }

    @Test
    void postgresAnswersQueries() throws Exception {
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir.resolve("pg"), 0);
             Connection c = pg.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('server_version_num')::int")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(160000);
            assertThat(pg.jdbcUrl()).contains("127.0.0.1:" + pg.port()).doesNotContain("password");
        }
    }
}
