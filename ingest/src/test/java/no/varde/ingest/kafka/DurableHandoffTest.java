package no.varde.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import no.varde.model.Reading;
import no.varde.model.codec.ReadingBinary;
import no.varde.model.codec.ReadingEncoding;
import no.varde.testsupport.KafkaTopicTail;
import no.varde.testsupport.TestInfrastructure;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

/** The hand-off's producer against a real Kafka broker: durable, in order, committed as a group. */
class DurableHandoffTest {

    @Test
    void producerIsDurableAndKeepsOneRequestInFlight() {
        Properties props = DurableHandoff.producerProperties("127.0.0.1:9092", Duration.ofSeconds(30));

        // Durability first: every in-sync replica, exactly once per send.
        assertThat(props).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // Group commit: a request waits for the one before it, and takes up to 256 KB of what queued.
        assertThat(props).containsEntry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1")
                .containsEntry(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
    }

    @Test
    void manySmallMessagesFromAnEventLoopAreAllDurableAndInSendOrder() throws Exception {
        TestInfrastructure infra = TestInfrastructure.get();
        String topic = TestInfrastructure.uniqueTopic(VardeTopics.READINGS);
        String rejected = TestInfrastructure.uniqueTopic(VardeTopics.REJECTED);
        String status = TestInfrastructure.uniqueTopic(VardeTopics.DEVICE_STATUS);
        VardeTopics.ensure(infra.kafkaBootstrap(), 1, (short) 1, topic, rejected, status);
        Vertx vertx = Vertx.vertx();
        int messages = 2_000;
        Instant start = Instant.parse("2026-12-06T12:00:00Z");
        try (DurableHandoff handoff = new DurableHandoff(vertx, infra.kafkaBootstrap(), topic, rejected, status,
                Duration.ofSeconds(30), ReadingEncoding.BINARY);
             KafkaTopicTail tail = new KafkaTopicTail(infra.kafkaBootstrap(), topic)) {
            handoff.warmUp(Duration.ofSeconds(30));
            // As ingest does: one send per device message, each from the event loop, none waiting for another.
            Promise<Void> all = Promise.promise();
            vertx.runOnContext(v -> {
                List<Future<Void>> sent = new ArrayList<>();
                for (int i = 0; i < messages; i++) {
                    Reading reading = new Reading("dev-" + (i % 50), "water.pressure", i, "bar", start.plusSeconds(i), start.plusSeconds(i));
                    sent.add(handoff.sendReadings(List.of(reading)));
                }
                Future.all(sent).<Void>mapEmpty().onComplete(all);
            });
            all.future().await(60, TimeUnit.SECONDS);

            assertThat(tail.await(r -> ReadingBinary.decode(r.value()).value() == messages - 1, Duration.ofSeconds(30))).isPresent();
            List<Double> values = tail.matching(r -> true).stream().map(r -> ReadingBinary.decode(r.value()).value()).toList();
            assertThat(values).hasSize(messages);
            assertThat(values).isSorted();
        } finally {
            vertx.close().await();
        }
    }
}
