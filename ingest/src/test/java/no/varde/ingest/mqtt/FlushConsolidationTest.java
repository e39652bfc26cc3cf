package no.varde.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.vertx.core.Vertx;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Acknowledgements written together outside a read (as ingest's are, when Kafka confirms a batch)
 * reach the socket in one flush with {@link FlushConsolidation}, one flush each without it; every
 * acknowledgement still arrives. A real Vert.x MQTT server and a Paho client over a real socket;
 * the flushes are counted by a handler next to the socket.
 */
class FlushConsolidationTest {
    private static final int MESSAGES = 20;

    private Vertx vertx;
    private MqttServer server;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void acknowledgementsWrittenTogetherLeaveInOneFlush() throws Exception {
        Run run = publishAndAcknowledgeTogether(true);
        assertThat(run.installed()).isTrue();
        assertThat(run.acknowledged()).isEqualTo(MESSAGES);
        assertThat(run.flushesOfTheAcknowledgements()).isEqualTo(1);
    }

    @Test
    void withoutItEachAcknowledgementIsFlushedOnItsOwn() throws Exception {
        Run run = publishAndAcknowledgeTogether(false);
        assertThat(run.acknowledged()).isEqualTo(MESSAGES);
        assertThat(run.flushesOfTheAcknowledgements()).isEqualTo(MESSAGES);
    }

    @Test
    void aSocketThatIsNotAnMqttConnectionIsLeftAlone() throws Exception {
        var plain = vertx.createNetServer().connectHandler(socket -> { });
        int port = plain.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS).actualPort();
        NetSocket client = vertx.createNetClient().connect(port, "127.0.0.1").toCompletionStage().toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        assertThat(FlushConsolidation.install(client)).isFalse();
        assertThat(((NetSocketInternal) client).channelHandlerContext().pipeline().get(FlushConsolidation.HANDLER_NAME)).isNull();
        client.close();
        plain.close();
    }

    private record Run(boolean installed, int acknowledged, int flushesOfTheAcknowledgements) {
    }

    private Run publishAndAcknowledgeTogether(boolean consolidate) throws Exception {
        AtomicBoolean installed = new AtomicBoolean();
        AtomicInteger flushes = new AtomicInteger(-1);
        server = MqttServer.create(vertx, new MqttServerOptions().setHost("127.0.0.1").setPort(0));
        server.endpointHandler(endpoint -> {
            NetSocket socket = SocketFlowControl.socketOf(endpoint);
            if (consolidate) {
                installed.set(FlushConsolidation.install(socket));
            }
            ((NetSocketInternal) socket).channelHandlerContext().pipeline().addFirst("count-flushes", new ChannelOutboundHandlerAdapter() {
                @Override
                public void flush(ChannelHandlerContext ctx) throws Exception {
                    flushes.incrementAndGet();
                    super.flush(ctx);
                }
            });
            List<Integer> ids = new CopyOnWriteArrayList<>();
            endpoint.publishAutoAck(false);
            endpoint.publishHandler(message -> {
                ids.add(message.messageId());
                if (ids.size() == MESSAGES) {
                    // As ingest does when Kafka confirms: a task of its own on the connection's event loop, not within a read.
                    vertx.getOrCreateContext().runOnContext(v -> {
                        flushes.set(0);
                        ids.forEach(endpoint::publishAcknowledge);
                    });
                }
            });
            endpoint.accept(false);
        });
        int port = server.listen().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS).actualPort();

        MqttAsyncClient client = new MqttAsyncClient("tcp://127.0.0.1:" + port, "flush-test", new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMaxInflight(MESSAGES);
        client.connect(options).waitForCompletion(5000);
        List<IMqttDeliveryToken> tokens = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            tokens.add(client.publish("sensors/d/telemetry", ("m" + i).getBytes(StandardCharsets.UTF_8), 1, false));
        }
        int acknowledged = 0;
        for (IMqttDeliveryToken token : tokens) {
            token.waitForCompletion(5000);
            acknowledged += token.isComplete() && token.getException() == null ? 1 : 0;
        }
        int flushed = flushes.get();
        client.disconnect().waitForCompletion(5000);
        client.close();
        return new Run(installed.get(), acknowledged, flushed);
    }
}
