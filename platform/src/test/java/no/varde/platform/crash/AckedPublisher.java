package no.varde.platform.crash;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Devices publishing QoS 1 readings the way a careful field device does: every reading is kept
 * until its PUBACK arrives, and after a reconnect everything not acknowledged is sent again.
 * Every PUBACK is recorded, so a test can hold the platform to what it acknowledged. Each device
 * sends one reading of one metric per round, one event-time second apart, so every full minute
 * of a device holds 60 readings.
 */
final class AckedPublisher implements AutoCloseable {
    /** One reading: device and its event time (the metric is always the same). */
    record Key(String device, long epochSecond) {
    }

    private final String uri;
    private final Map<String, String> tokens;
    private final long baseSecond;
    private final Map<String, MqttAsyncClient> clients = new ConcurrentHashMap<>();
    private final Set<Key> acked = ConcurrentHashMap.newKeySet();
    private final Map<Key, byte[]> unacked = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong round = new AtomicLong();
    private final AtomicLong resent = new AtomicLong();
    private Thread thread;

    private final String metric;
    private final java.util.function.ToDoubleFunction<Key> value;

    AckedPublisher(String uri, Map<String, String> tokens, Instant base) {
        this(uri, tokens, base, "air.pm2_5", key -> 5 + (key.epochSecond() % 17));
    }

    /** Devices that each send {@code metric} with {@code value} for each reading. */
    AckedPublisher(String uri, Map<String, String> tokens, Instant base, String metric, java.util.function.ToDoubleFunction<Key> value) {
        this.uri = uri;
        this.tokens = Map.copyOf(tokens);
        this.baseSecond = base.getEpochSecond();
        this.metric = metric;
        this.value = value;
    }

    /** Publishes a round every {@code pauseMillis} until {@link #pause()}; reconnects and resends by itself. */
    void start(long pauseMillis) {
        running.set(true);
        thread = new Thread(() -> {
            while (running.get()) {
                try {
                    if (ensureConnected()) {
                        publishRound(baseSecond + round.getAndIncrement());
                    }
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "acked-publisher");
        thread.setDaemon(true);
        thread.start();
    }

    void pause() throws InterruptedException {
        running.set(false);
        if (thread != null) {
            thread.join(10_000);
        }
    }

    /** Reconnects and resends until every reading is acknowledged, or the time is up. */
    boolean drain(java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextResend = System.nanoTime() + 5_000_000_000L;
        while (!unacked.isEmpty() && System.nanoTime() < deadline) {
            ensureConnected();
            if (System.nanoTime() > nextResend) {
                // A PUBACK that never came on a connection that stayed up: send those again (the platform drops the copy).
                new ArrayList<>(unacked.entrySet()).forEach(e -> {
                    resent.incrementAndGet();
                    send(e.getKey().device(), e.getKey(), e.getValue());
                });
                nextResend = System.nanoTime() + 5_000_000_000L;
            }
            Thread.sleep(200);
        }
        return unacked.isEmpty();
    }

    /** One more reading per device at {@code epochSecond}: moves the event-time clock on so the open windows close. */
    void publishAt(long epochSecond) {
        ensureConnected();
        publishRound(epochSecond);
    }

    private void publishRound(long epochSecond) {
        for (String device : tokens.keySet()) {
            Key key = new Key(device, epochSecond);
            byte[] payload = ("[{\"bn\":\"" + device + ":\",\"bt\":" + epochSecond + ",\"n\":\"" + metric + "\",\"v\":"
                    + value.applyAsDouble(key) + "}]").getBytes(StandardCharsets.UTF_8);
            unacked.put(key, payload);
            send(device, key, payload);
        }
    }

    private void send(String device, Key key, byte[] payload) {
        MqttAsyncClient client = clients.get(device);
        if (client == null || !client.isConnected()) {
            return; // resent after the reconnect
        }
        try {
            MqttMessage message = new MqttMessage(payload);
            message.setQos(1);
            client.publish("sensors/" + device + "/telemetry", message, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    acked.add(key);
                    unacked.remove(key);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    // stays unacknowledged: resent after the reconnect
                }
            });
        } catch (Exception e) {
            // connection lost between the check and the publish: resent after the reconnect
        }
    }

    /** Connects every device that is not connected; true when all are. Resends what a new connection must carry. */
    private boolean ensureConnected() {
        boolean all = true;
        for (Map.Entry<String, String> device : tokens.entrySet()) {
            MqttAsyncClient client = clients.get(device.getKey());
            if (client != null && client.isConnected()) {
                continue;
            }
            closeQuietly(client);
            clients.remove(device.getKey());
            try {
                client = new MqttAsyncClient(uri, "crash-" + device.getKey(), new MemoryPersistence());
                MqttConnectOptions options = new MqttConnectOptions();
                options.setUserName(device.getKey());
                options.setPassword(device.getValue().toCharArray());
                options.setMaxInflight(5_000);
                options.setConnectionTimeout(3);
                client.connect(options).waitForCompletion(5_000);
                clients.put(device.getKey(), client);
                List<Map.Entry<Key, byte[]>> toResend = new ArrayList<>();
                unacked.entrySet().stream().filter(e -> e.getKey().device().equals(device.getKey())).forEach(toResend::add);
                for (Map.Entry<Key, byte[]> e : toResend) {
                    resent.incrementAndGet();
                    send(device.getKey(), e.getKey(), e.getValue());
                }
            } catch (Exception e) {
                closeQuietly(client);
                all = false;
            }
        }
        return all;
    }

    private static void closeQuietly(MqttAsyncClient client) {
        if (client == null) {
            return;
        }
        try {
            client.disconnectForcibly(100, 100);
        } catch (Exception e) {
            // already gone
        }
        try {
            client.close(true);
        } catch (Exception e) {
            // already closed
        }
    }

    Set<Key> acked() {
        return Set.copyOf(acked);
    }

    int ackedCount() {
        return acked.size();
    }

    long resent() {
        return resent.get();
    }

    long rounds() {
        return round.get();
    }

    /** The event time of the next round: readings of later rounds are stamped from here on. */
    long nextSecond() {
        return baseSecond + round.get();
    }

    /** How many devices are connected now. */
    long connected() {
        return clients.values().stream().filter(MqttAsyncClient::isConnected).count();
    }

    @Override
    public void close() {
        running.set(false);
        clients.values().forEach(AckedPublisher::closeQuietly);
    }
}
