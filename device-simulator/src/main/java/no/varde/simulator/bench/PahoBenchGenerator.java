package no.varde.simulator.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The bench's load published by Eclipse Paho v3: a pacer thread releases what is due every
 * millisecond, and each connection's own sender, receiver and callback threads carry it. Kept
 * so that figures measured with it can be repeated and compared with the Vert.x generator.
 */
final class PahoBenchGenerator extends BenchGenerator {
    private final String serverUri;
    private final List<Publisher> publishers = new ArrayList<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "varde-bench-pacer");
        t.setDaemon(true);
        return t;
    });

    static PahoBenchGenerator start(String serverUri, List<BenchSettings.Connection> connections, double rate, int window) throws MqttException {
        PahoBenchGenerator generator = new PahoBenchGenerator(serverUri, window);
        long startNanos = System.nanoTime();
        double perConnection = rate / connections.size();
        try {
            for (BenchSettings.Connection c : connections) {
                generator.publishers.add(generator.new Publisher(generator.connect(c), new BenchSchedule(c, perConnection, startNanos)));
            }
        } catch (MqttException | RuntimeException e) {
            generator.close();
            throw e;
        }
        generator.ticker.scheduleAtFixedRate(() -> generator.publishers.forEach(Publisher::pump), 0, 1, TimeUnit.MILLISECONDS);
        return generator;
    }

    private PahoBenchGenerator(String serverUri, int window) {
        super(window);
        this.serverUri = serverUri;
    }

    @Override
    protected boolean anyInFlight() {
        return publishers.stream().anyMatch(p -> p.inFlight.get() > 0);
    }

    @Override
    public void close() {
        sending = false;
        ticker.shutdownNow();
        publishers.parallelStream().forEach(p -> {
            try {
                p.client.disconnect(2_000).waitForCompletion(5_000);
                p.client.close();
            } catch (MqttException e) {
                // The run is over; a connection that will not close cleanly changes no figure.
            }
        });
    }

    private MqttAsyncClient connect(BenchSettings.Connection c) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(serverUri, "bench-" + c.user() + "-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setMaxInflight(Math.max(10, window * 2));
        options.setCleanSession(true);
        options.setUserName(c.user());
        options.setPassword(c.password().toCharArray());
        client.connect(options).waitForCompletion(60_000);
        return client;
    }

    private final class Publisher implements IMqttActionListener {
        final MqttAsyncClient client;
        final BenchSchedule schedule;
        final AtomicLong inFlight = new AtomicLong();

        Publisher(MqttAsyncClient client, BenchSchedule schedule) {
            this.client = client;
            this.schedule = schedule;
        }

        /** Publishes what the schedule says is due, while the window has room. */
        synchronized void pump() {
            long due = due(schedule);
            while (sending && due-- > 0 && inFlight.get() < window) {
                String topic = schedule.nextTopic();
                byte[] payload = schedule.nextPayload(System.currentTimeMillis());
                inFlight.incrementAndGet();
                sent();
                try {
                    client.publish(topic, payload, 1, false, System.nanoTime(), this);
                } catch (MqttException e) {
                    inFlight.decrementAndGet();
                    failed(1);
                    return;
                }
            }
        }

        @Override
        public void onSuccess(IMqttToken token) {
            inFlight.decrementAndGet();
            acknowledged((Long) token.getUserContext());
        }

        @Override
        public void onFailure(IMqttToken token, Throwable error) {
            inFlight.decrementAndGet();
            failed(1);
        }
    }
}
