package no.varde.simulator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttServer;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Vert.x generator against a real MQTT server on a free port (Vert.x's own, so the test can
 * decide when PUBACKs come and when the connection drops): what it counts as acknowledged and
 * failed is what the server did.
 */
class VertxBenchGeneratorTest {
    private static final List<BenchSettings.Connection> TWO_GATEWAYS = List.of(
            new BenchSettings.Connection("gw-1", "s1", List.of("a", "b"), true),
            new BenchSettings.Connection("gw-2", "s2", List.of("c"), true));

    private Vertx vertx;
    private final ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();
    private final AtomicInteger users = new AtomicInteger();

    @BeforeEach
    void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stopVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** A server that acknowledges every QoS 1 publish, or, with {@code dropAfter} > 0, none, closing the connection after that many. */
    private int server(int dropAfter) throws Exception {
        MqttServer server = MqttServer.create(vertx);
        server.endpointHandler(endpoint -> {
            if (endpoint.auth() != null && endpoint.auth().getPassword().startsWith("s")) {
                users.incrementAndGet();
            }
            endpoint.accept(false);
            AtomicInteger count = new AtomicInteger();
            endpoint.publishHandler(message -> {
                received.add(message.topicName() + " " + message.payload().toString());
                assertThat(message.qosLevel()).isEqualTo(MqttQoS.AT_LEAST_ONCE);
                if (dropAfter <= 0) {
                    endpoint.publishAcknowledge(message.messageId());
                } else if (count.incrementAndGet() == dropAfter) {
                    endpoint.close();
                }
            });
        });
        return server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
    }

    @Test
    void pacedMessagesAreAcknowledgedAndTimedAtTheRateAskedFor() throws Exception {
        int port = server(0);
        try (BenchGenerator load = VertxBenchGenerator.start("tcp://127.0.0.1:" + port, TWO_GATEWAYS, 400, 16)) {
            Thread.sleep(1_500);
            load.stopAndDrain();
            assertThat(users.get()).as("both gateways connected with their credentials").isEqualTo(2);
            assertThat(load.offered()).isBetween(500L, 700L);
            assertThat(load.acknowledged()).isEqualTo(load.offered());
            assertThat(load.failed()).isZero();
            assertThat(load.pubackInterval().getTotalCount()).isEqualTo(load.acknowledged());
            assertThat(received).hasSize((int) load.acknowledged());
            assertThat(received).allMatch(m -> m.matches("gateways/gw-[12]/sensors/[abc]/telemetry \\[\\{\"n\":\"air.no2\",.*\\}]"));
            assertThat(received).anyMatch(m -> m.startsWith("gateways/gw-2/sensors/c/"));
            // Stopped, the pacing timer still fires; the messages it no longer sends are not "behind schedule".
            Thread.sleep(1_500);
            assertThat(load.behindSchedule()).as("messages counted as behind schedule after the stop").isZero();
            assertThat(load.offered()).isEqualTo(load.acknowledged());
        }
    }

    @Test
    void messagesAwaitingPubackWhenTheConnectionDropsCountAsFailedAndNoMoreAreSent() throws Exception {
        // The server closes on the window's last message: closing earlier races the client's own
        // writes (one then fails at once and fewer than a window leave), which CI once caught.
        int port = server(8);
        try (BenchGenerator load = VertxBenchGenerator.start("tcp://127.0.0.1:" + port, TWO_GATEWAYS.subList(0, 1), 0, 8)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (load.failed() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(300);
            assertThat(load.acknowledged()).isZero();
            assertThat(load.offered()).as("the window: nothing is acknowledged").isEqualTo(8);
            assertThat(load.failed()).isEqualTo(8);
            load.stopAndDrain();
            assertThat(load.offered()).isEqualTo(8);
        }
    }
}
