package no.varde.simulator.bench;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bench's load published by Vert.x's MQTT client: the connections are shared out among a
 * verticle per event loop (at most two), each of which releases what is due every millisecond and,
 * as PUBACKs free the window, at once, so messages released by one read of PUBACKs leave in one
 * write. Everything a connection does runs on its verticle's event loop; only the counters are
 * read from other threads.
 */
final class VertxBenchGenerator extends BenchGenerator {
    private final Vertx vertx;
    private final List<Link> links = new CopyOnWriteArrayList<>();

    static VertxBenchGenerator start(String serverUri, List<BenchSettings.Connection> connections, double rate, int window) throws Exception {
        URI uri = URI.create(serverUri);
        if (!"tcp".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("the Vert.x bench client needs tcp://host:port, not " + serverUri + " (--client paho for others)");
        }
        int loops = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
        VertxBenchGenerator generator = new VertxBenchGenerator(Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops).setWorkerPoolSize(1)),
                window);
        long startNanos = System.nanoTime();
        double perConnection = rate / connections.size();
        AtomicInteger instance = new AtomicInteger();
        try {
            generator.vertx.deployVerticle(() -> {
                int index = instance.getAndIncrement();
                List<BenchSettings.Connection> mine = new ArrayList<>();
                for (int i = index; i < connections.size(); i += loops) {
                    mine.add(connections.get(i));
                }
                return generator.new Loop(uri, mine, perConnection, startNanos);
            }, new DeploymentOptions().setInstances(loops)).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            generator.close();
            throw e;
        }
        return generator;
    }

    private VertxBenchGenerator(Vertx vertx, int window) {
        super(window);
        this.vertx = vertx;
    }

    @Override
    protected boolean anyInFlight() {
        return links.stream().anyMatch(l -> l.inFlight > 0);
    }

    @Override
    public void close() {
        sending = false;
        closing = true;
        try {
            // Undeploying stops each loop, which disconnects its clients on their own event loop.
            vertx.close().toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            // The run is over; a connection that will not close cleanly changes no figure.
        }
    }

    /** One event loop's share of the connections and the timer that paces them. */
    private final class Loop extends VerticleBase {
        private final URI uri;
        private final List<BenchSettings.Connection> connections;
        private final double rate;
        private final long startNanos;
        private final List<Link> mine = new ArrayList<>();

        Loop(URI uri, List<BenchSettings.Connection> connections, double rate, long startNanos) {
            this.uri = uri;
            this.connections = connections;
            this.rate = rate;
            this.startNanos = startNanos;
        }

        @Override
        public Future<?> start() {
            List<Future<?>> connected = new ArrayList<>();
            for (BenchSettings.Connection connection : connections) {
                Link link = new Link(connection, new BenchSchedule(connection, rate, startNanos));
                mine.add(link);
                links.add(link);
                connected.add(link.connect(uri));
            }
            return Future.all(connected).onSuccess(all -> vertx.setPeriodic(1, id -> mine.forEach(Link::pump)));
        }

        @Override
        public Future<?> stop() {
            sending = false;
            closing = true;
            return Future.join(mine.stream().map(l -> l.client.disconnect().otherwiseEmpty()).toList());
        }
    }

    /** One connection: its client, its schedule and the send time of each packet id awaiting PUBACK. */
    private final class Link {
        final MqttClient client;
        final BenchSchedule schedule;
        final long[] sentAt = new long[65_536];
        /** Written on the event loop only; read by {@link #stopAndDrain} on the caller's thread. */
        volatile int inFlight;
        boolean lost;

        Link(BenchSettings.Connection identity, BenchSchedule schedule) {
            this.schedule = schedule;
            MqttClientOptions options = new MqttClientOptions()
                    .setClientId("bench-" + identity.user() + "-" + System.nanoTime())
                    .setUsername(identity.user())
                    .setPassword(identity.password())
                    .setCleanSession(true)
                    .setMaxInflightQueue(Math.max(10, window * 2));
            this.client = MqttClient.create(vertx, options);
            client.publishCompletionHandler(this::acknowledgedPacket);
            client.closeHandler(closed -> connectionLost());
        }

        Future<?> connect(URI uri) {
            return client.connect(uri.getPort(), uri.getHost());
        }

        /** Publishes what the schedule says is due, while the window has room. */
        void pump() {
            if (lost) {
                return;
            }
            long due = due(schedule);
            while (sending && due-- > 0 && inFlight < window) {
                String topic = schedule.nextTopic();
                Buffer payload = Buffer.buffer(schedule.nextPayload(System.currentTimeMillis()));
                long now = System.nanoTime();
                inFlight++;
                sent();
                Future<Integer> packet = client.publish(topic, payload, MqttQoS.AT_LEAST_ONCE, false, false);
                packet.onSuccess(id -> sentAt[id] = now).onFailure(error -> {
                    inFlight--;
                    failed(1);
                });
                if (packet.failed()) {
                    return;
                }
            }
        }

        private void acknowledgedPacket(int packetId) {
            inFlight--;
            acknowledged(sentAt[packetId]);
            pump();
        }

        /** A connection that drops while messages await PUBACK: they count as failed, and it publishes no more. */
        private void connectionLost() {
            if (!closing && inFlight > 0) {
                failed(inFlight);
            }
            inFlight = 0;
            lost = true;
        }
    }
}
