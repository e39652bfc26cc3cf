package no.varde.simulator.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The bench's load: one Paho connection per gateway (or device), each publishing QoS 1 SenML
 * readings stamped with the moment they are published, on a schedule or as fast as PUBACKs
 * allow, with at most {@code window} messages awaiting PUBACK per connection. The same generator
 * drives Varde and the reference broker, so the two rates are a fair ratio.
 */
final class BenchGenerator implements AutoCloseable {
    private final String serverUri;
    private final int window;
    private final Recorder puback = new Recorder(3);
    private final AtomicLong offered = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong behindSchedule = new AtomicLong();
    private final List<Publisher> publishers = new ArrayList<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "varde-bench-pacer");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean sending = true;

    /**
     * Connects every connection and starts publishing.
     *
     * @param rate messages per second over all connections; 0 or less publishes as fast as the window allows
     */
    static BenchGenerator start(String serverUri, List<BenchSettings.Connection> connections, double rate, int window) throws MqttException {
        BenchGenerator generator = new BenchGenerator(serverUri, window);
        long startNanos = System.nanoTime();
        double perConnection = rate / connections.size();
        try {
            for (BenchSettings.Connection c : connections) {
                generator.publishers.add(generator.new Publisher(generator.connect(c), c, perConnection, startNanos));
            }
        } catch (MqttException | RuntimeException e) {
            generator.close();
            throw e;
        }
        generator.ticker.scheduleAtFixedRate(() -> generator.publishers.forEach(Publisher::pump), 0, 1, TimeUnit.MILLISECONDS);
        return generator;
    }

    private BenchGenerator(String serverUri, int window) {
        this.serverUri = serverUri;
        this.window = window;
    }

    long offered() {
        return offered.get();
    }

    long acknowledged() {
        return acknowledged.get();
    }

    long failed() {
        return failed.get();
    }

    long behindSchedule() {
        return behindSchedule.get();
    }

    /** PUBACK latencies (microseconds) since the previous call. */
    Histogram pubackInterval() {
        return puback.getIntervalHistogram();
    }

    void resetPuback() {
        puback.reset();
    }

    /** Stops publishing and waits (up to 30 s) for the messages still awaiting PUBACK. */
    void stopAndDrain() throws InterruptedException {
        sending = false;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (publishers.stream().anyMatch(p -> p.inFlight.get() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
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
        final BenchSettings.Connection identity;
        final double rate;
        final long startNanos;
        final AtomicLong inFlight = new AtomicLong();
        long sent;
        long lastMicros;
        int nextDevice;

        Publisher(MqttAsyncClient client, BenchSettings.Connection identity, double rate, long startNanos) {
            this.client = client;
            this.identity = identity;
            this.rate = rate;
            this.startNanos = startNanos;
        }

        /**
         * Publishes what the schedule says is due, while the window has room. When the window has
         * held the connection back by more than a second's worth, the schedule moves on and the
         * skipped messages are counted as behind schedule: a burst to catch up would measure the
         * burst, not the rate. Without a rate, everything the window allows is due.
         */
        synchronized void pump() {
            long due = rate > 0 ? (long) ((System.nanoTime() - startNanos) / 1e9 * rate) : Long.MAX_VALUE;
            long backlog = due - sent;
            if (rate > 0 && backlog > Math.max(1, rate)) {
                long skip = backlog - (long) Math.max(1, rate);
                sent += skip;
                behindSchedule.addAndGet(skip);
            }
            while (sending && sent < due && inFlight.get() < window) {
                String device = identity.devices().get(nextDevice);
                nextDevice = (nextDevice + 1) % identity.devices().size();
                // Each reading gets its own microsecond on this connection, so no two share (device, metric, time).
                long micros = Math.max(System.currentTimeMillis() * 1000, lastMicros + 1);
                lastMicros = micros;
                byte[] payload = String.format(Locale.ROOT, "[{\"n\":\"air.no2\",\"v\":%d.%d,\"t\":%d.%06d}]", 20 + sent % 30, sent % 10,
                        micros / 1_000_000, micros % 1_000_000).getBytes(StandardCharsets.UTF_8);
                inFlight.incrementAndGet();
                sent++;
                offered.incrementAndGet();
                try {
                    client.publish(identity.topic(device), payload, 1, false, System.nanoTime(), this);
                } catch (MqttException e) {
                    inFlight.decrementAndGet();
                    failed.incrementAndGet();
                    return;
                }
            }
        }

        @Override
        public void onSuccess(IMqttToken token) {
            long micros = (System.nanoTime() - (Long) token.getUserContext()) / 1000;
            inFlight.decrementAndGet();
            acknowledged.incrementAndGet();
            puback.recordValue(Math.max(1, micros));
        }

        @Override
        public void onFailure(IMqttToken token, Throwable error) {
            inFlight.decrementAndGet();
            failed.incrementAndGet();
        }
    }
}
