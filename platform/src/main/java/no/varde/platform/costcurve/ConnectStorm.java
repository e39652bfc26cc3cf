package no.varde.platform.costcurve;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import no.varde.simulator.bench.BenchSettings;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * What an ingest restart looks like from the field: every connection retries every quarter of a
 * second from the moment the platform goes down, all at once, until it is accepted; once all are
 * back, each publishes one reading and the storm ends when all of those are stored. Times are
 * measured from {@link #begin()}, the restart.
 */
final class ConnectStorm implements AutoCloseable {
    private static final long RETRY_MS = 250;

    /** Seconds from the restart until every connection was accepted, and until their readings were stored. */
    record Result(int connections, double allConnectedSeconds, double allStoredSeconds) {
    }

    private final String serverUri;
    private final List<BenchSettings.Connection> connections;
    private final ScheduledExecutorService pool = Executors.newScheduledThreadPool(16, r -> {
        Thread t = new Thread(r, "varde-connect-storm");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, MqttAsyncClient> connected = new ConcurrentHashMap<>();
    private long startNanos;

    ConnectStorm(String serverUri, List<BenchSettings.Connection> connections) {
        this.serverUri = serverUri;
        this.connections = connections;
    }

    /** Starts every connection's retry loop now. */
    void begin() {
        startNanos = System.nanoTime();
        for (BenchSettings.Connection c : connections) {
            pool.execute(() -> attempt(c));
        }
    }

    Result awaitServing(BenchSettings.Database database, Duration timeout) throws Exception {
        long deadline = startNanos + timeout.toNanos();
        while (connected.size() < connections.size()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(connected.size() + " of " + connections.size() + " connections back after " + timeout);
            }
            Thread.sleep(20);
        }
        double allConnected = (System.nanoTime() - startNanos) / 1e9;
        long micros = System.currentTimeMillis() * 1000;
        for (BenchSettings.Connection c : connections) {
            String device = c.devices().get(0);
            byte[] payload = String.format(Locale.ROOT, "[{\"n\":\"air.no2\",\"v\":21.5,\"t\":%d.%06d}]", micros / 1_000_000, micros % 1_000_000)
                    .getBytes(StandardCharsets.UTF_8);
            connected.get(c.user()).publish(c.topic(device), payload, 1, false);
        }
        java.sql.Timestamp at = java.sql.Timestamp.from(java.time.Instant.EPOCH.plus(micros, java.time.temporal.ChronoUnit.MICROS));
        String[] devices = connections.stream().map(c -> c.devices().get(0)).toArray(String[]::new);
        try (Connection db = DriverManager.getConnection(database.url(), database.user(), database.password());
             PreparedStatement ps = db.prepareStatement("SELECT count(*) FROM readings WHERE device_id = ANY(?) AND event_time = ?")) {
            ps.setArray(1, db.createArrayOf("text", devices));
            ps.setTimestamp(2, at);
            while (true) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) >= devices.length) {
                        break;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the storm's readings were not all stored within " + timeout);
                }
                Thread.sleep(50);
            }
        }
        return new Result(connections.size(), allConnected, (System.nanoTime() - startNanos) / 1e9);
    }

    private void attempt(BenchSettings.Connection c) {
        try {
            MqttAsyncClient client = new MqttAsyncClient(serverUri, "storm-" + c.user() + "-" + System.nanoTime(), new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
            options.setCleanSession(true);
            options.setConnectionTimeout(5);
            options.setUserName(c.user());
            options.setPassword(c.password().toCharArray());
            try {
                client.connect(options).waitForCompletion(6_000);
                connected.put(c.user(), client);
            } catch (MqttException refusedOrDown) {
                client.close(true);
                pool.schedule(() -> attempt(c), RETRY_MS, TimeUnit.MILLISECONDS);
            }
        } catch (MqttException | RuntimeException e) {
            pool.schedule(() -> attempt(c), RETRY_MS, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
        connected.values().parallelStream().forEach(client -> {
            try {
                client.disconnect(1_000).waitForCompletion(2_000);
                client.close();
            } catch (MqttException e) {
                // the measurement is over
            }
        });
    }
}
