package no.varde.simulator.load;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Opens N MQTT connections (Paho, 3.1.1) and publishes QoS 1 messages, each connection keeping
 * up to {@code window} messages in flight, either as fast as acknowledgements allow or paced to a
 * target rate. Measures throughput and PUBACK latency with HdrHistogram, prints a status line
 * every second, and works against any broker (Varde or Mosquitto) so the two can be compared on
 * the same machine. Every loop is bounded by the run's duration.
 */
public final class MqttLoadHarness {
    private final LoadSettings settings;
    private final Consumer<String> progress;
    private final Recorder latency = new Recorder(3);
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean measuring;
    private volatile boolean running = true;

    public MqttLoadHarness(LoadSettings settings, Consumer<String> progress) {
        this.settings = settings;
        this.progress = progress;
    }

    private final class Connection implements IMqttActionListener {
        final MqttAsyncClient client;
        final String topic;
        final AtomicLong inFlight = new AtomicLong();
        final AtomicLong sequence = new AtomicLong();
        final double perConnectionRate;
        final long startNanos = System.nanoTime();
        /** Each message gets its own microsecond, so no two readings share (device, metric, time) and all are stored. */
        final long baseMicros = Instant.now().toEpochMilli() * 1000;
        long sent;

        Connection(MqttAsyncClient client, String topic, double perConnectionRate) {
            this.client = client;
            this.topic = topic;
            this.perConnectionRate = perConnectionRate;
        }

        /** Publishes while the window has room and (when paced) the schedule allows. */
        synchronized void pump() {
            while (running && inFlight.get() < settings.window()) {
                if (perConnectionRate > 0) {
                    long due = (long) ((System.nanoTime() - startNanos) / 1e9 * perConnectionRate);
                    if (sent >= due) {
                        return;
                    }
                }
                long n = sequence.incrementAndGet();
                long micros = baseMicros + n;
                byte[] payload = String.format(Locale.ROOT, "[{\"n\":\"air.no2\",\"v\":%.1f,\"t\":%d.%06d}]",
                        20 + (n % 100) / 10.0, micros / 1_000_000, micros % 1_000_000).getBytes(StandardCharsets.UTF_8);
                inFlight.incrementAndGet();
                sent++;
                try {
                    client.publish(topic, payload, 1, false, System.nanoTime(), this);
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
            if (measuring) {
                acknowledged.incrementAndGet();
                latency.recordValue(Math.max(1, micros));
            }
            pump();
        }

        @Override
        public void onFailure(IMqttToken token, Throwable error) {
            inFlight.decrementAndGet();
            if (measuring) {
                failed.incrementAndGet();
            }
        }
    }

    public LoadReport run() throws Exception {
        List<Connection> connections = new ArrayList<>();
        double perConnection = settings.targetRate() > 0 ? settings.targetRate() / settings.connections() : 0;
        try {
            for (int i = 0; i < settings.connections(); i++) {
                LoadSettings.Identity id = settings.identities().get(i % settings.identities().size());
                MqttAsyncClient client = new MqttAsyncClient(settings.serverUri(), "load-" + i + "-" + System.nanoTime(), new MemoryPersistence());
                MqttConnectOptions options = new MqttConnectOptions();
                options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
                options.setMaxInflight(Math.max(10, settings.window() * 2));
                options.setCleanSession(true);
                if (id.password() != null) {
                    options.setUserName(id.user());
                    options.setPassword(id.password().toCharArray());
                }
                client.connect(options).waitForCompletion(30_000);
                connections.add(new Connection(client, id.topic(), perConnection));
            }
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
            try {
                if (perConnection > 0) {
                    ticker.scheduleAtFixedRate(() -> connections.forEach(Connection::pump), 0, 1, TimeUnit.MILLISECONDS);
                } else {
                    connections.forEach(Connection::pump);
                }
                sleepWithProgress(settings.warmup().toMillis(), "warm-up");
                latency.reset();
                acknowledged.set(0);
                failed.set(0);
                measuring = true;
                long start = System.nanoTime();
                sleepWithProgress(settings.duration().toMillis(), "measuring");
                measuring = false;
                double seconds = (System.nanoTime() - start) / 1e9;
                running = false;
                Histogram histogram = latency.getIntervalHistogram();
                return new LoadReport(settings.serverUri(), settings.connections(), acknowledged.get(), failed.get(), seconds, histogram);
            } finally {
                ticker.shutdownNow();
            }
        } finally {
            running = false;
            for (Connection c : connections) {
                try {
                    c.client.disconnect(2_000).waitForCompletion(5_000);
                    c.client.close();
                } catch (MqttException e) {
                    // The run is over; a connection that will not close cleanly changes nothing.
                }
            }
        }
    }

    private void sleepWithProgress(long millis, String phase) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        long lastCount = acknowledged.get();
        while (System.currentTimeMillis() < end) {
            Thread.sleep(Math.min(1000, Math.max(1, end - System.currentTimeMillis())));
            long now = acknowledged.get();
            long left = Math.max(0, (end - System.currentTimeMillis()) / 1000);
            progress.accept(String.format(Locale.ROOT, "  %-9s %6d msg/s acknowledged, %d failed, %d s left",
                    phase, measuring ? now - lastCount : 0, failed.get(), left));
            lastCount = now;
        }
    }
}
