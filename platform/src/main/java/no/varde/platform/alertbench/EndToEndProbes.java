package no.varde.platform.alertbench;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import no.varde.streamjobs.detect.LimitRule;
import no.varde.streamjobs.detect.LimitRules;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Publish → alert latency under load: probe devices, each registered in a zone of its own (so
 * each gets an alert of its own, not a grouped follow-up), publish a mains pressure below the
 * shipped 2-bar limit every {@link #PERIOD} while {@code bin/varde bench} drives the load (a
 * platform running its own VARDE_LIMITS_FILE must keep that rule). The limit rule
 * opens a critical anomaly at the first reading that completes its minimum duration; that
 * reading's publish time is the start of the measurement (each reading's timestamp is the wall
 * clock at publish, and the anomaly's {@code started_at} names the first reading below the limit),
 * and the end is the alert's first notification: the outbox row written, and its delivery. (The
 * anomaly event's Kafka timestamp is the reading's event time, so it cannot split the path.)
 * Probe starts are spread over the measured run so the figure is the platform under load, not
 * at one moment. Only the probes' own readings go in; nothing is stubbed.
 */
public final class EndToEndProbes implements AutoCloseable {
    static final Duration PERIOD = Duration.ofSeconds(5);
    /** The shipped rule the probes break (mains pressure below 2 bar for 3 minutes, critical). */
    static final LimitRule RULE = LimitRules.shipped().all().stream().filter(r -> r.id().equals("mains-pressure-low")).findFirst()
            .orElseThrow(() -> new IllegalStateException("the shipped limit rules have no mains-pressure-low"));
    static final Duration BREACH = RULE.minimum();
    static final double LOW_BAR = RULE.limit() - 0.5;
    static final double CLEAR_BAR = RULE.clear() + 0.5;

    /** A registered probe device and its token (shown once by the admin API, kept only in memory). */
    public record Probe(String id, String token) {
    }

    /** One probe's measurement; NaN where that step was not reached. */
    public record Sample(String probe, double toNotificationMs, double toDeliveredMs) {
    }

    private final String serverUri;
    private final List<Probe> probes;
    /** Each probe's reading timestamps, which are the wall clock at publish (epoch ms). */
    private final Map<String, NavigableSet<Long>> published = new ConcurrentHashMap<>();
    private final List<MqttAsyncClient> clients = new ArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();
    /** When the last probe's last reading is due; set by {@link #start}. */
    private volatile Instant lastReadingDue = Instant.now();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "varde-bench-probes");
        t.setDaemon(true);
        return t;
    });

    public EndToEndProbes(String serverUri, List<Probe> probes) {
        this.serverUri = serverUri;
        this.probes = List.copyOf(probes);
    }

    /** The measured run's timing: probe i starts at {@code firstStart + i * spacing}. */
    public static Duration spacing(Duration measured, int count) {
        long spread = Math.max(0, measured.toMillis() - BREACH.plus(PERIOD.multipliedBy(4)).toMillis());
        return Duration.ofMillis(Math.max(1000, count <= 1 ? 0 : spread / (count - 1)));
    }

    /** Connects every probe now, then schedules its low readings from {@code firstStart}, one probe every {@code spacing}. */
    public void start(Duration firstStart, Duration spacing) throws MqttException {
        int readings = (int) (BREACH.toMillis() / PERIOD.toMillis()) + 2;
        lastReadingDue = Instant.now().plus(lastReadingAt(firstStart, spacing, probes.size()));
        for (int i = 0; i < probes.size(); i++) {
            Probe p = probes.get(i);
            MqttAsyncClient client = connect(p);
            clients.add(client);
            long start = firstStart.toMillis() + i * spacing.toMillis();
            for (int k = 0; k <= readings; k++) {
                double value = k < readings ? LOW_BAR : CLEAR_BAR;
                scheduler.schedule(() -> publish(client, p, value), start + k * PERIOD.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** When the last probe's last reading is due, from the start. */
    public static Duration lastReadingAt(Duration firstStart, Duration spacing, int count) {
        return firstStart.plus(spacing.multipliedBy(Math.max(0, count - 1))).plus(BREACH).plus(PERIOD.multipliedBy(3));
    }

    /**
     * How many of {@code count} probes, the first starting at {@code firstStart}, complete their breach
     * after {@code loadEnds}. Their alerts are not measured under load, and they meet the load fleet's
     * silence reports, which open a few seconds after the load stops and take alerting a while (2026-12-07:
     * 10-15 s for the last probes of a 4-minute run with 100 probes).
     */
    public static int completingAfter(Duration loadEnds, Duration firstStart, Duration spacing, int count) {
        int after = 0;
        for (int i = 0; i < count; i++) {
            if (firstStart.plus(spacing.multipliedBy(i)).plus(BREACH).compareTo(loadEnds) > 0) {
                after++;
            }
        }
        return after;
    }

    private MqttAsyncClient connect(Probe p) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(serverUri, "probe-" + p.id() + "-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        options.setAutomaticReconnect(true);
        options.setUserName(p.id());
        options.setPassword(p.token().toCharArray());
        client.connect(options).waitForCompletion(60_000);
        return client;
    }

    /** Remembers that {@code probe} published a reading stamped {@code millis} (the wall clock at publish). */
    void recordPublished(String probe, long millis) {
        published.computeIfAbsent(probe, k -> new ConcurrentSkipListSet<>()).add(millis);
    }

    private void publish(MqttAsyncClient client, Probe p, double value) {
        long now = System.currentTimeMillis();
        byte[] payload = String.format(Locale.ROOT, "[{\"n\":\"water.pressure\",\"v\":%.1f,\"u\":\"bar\",\"t\":%d.%03d}]", value, now / 1000, now % 1000)
                .getBytes(StandardCharsets.UTF_8);
        try {
            client.publish("sensors/" + p.id() + "/telemetry", payload, 1, false);
            recordPublished(p.id(), now);
        } catch (MqttException e) {
            failures.incrementAndGet();
        }
    }

    /**
     * How long to wait for the probes' alerts once the load has stopped: {@code margin}, counted from
     * when the last probe's last reading is due if that is later. A run shorter than a probe's breach
     * (3 minutes) ends before its last probes' alerts are due; giving up then would report them
     * missing (2026-12-05: 1 or 2 of 10 in 2-minute runs).
     */
    public Duration patience(Duration margin) {
        return patience(lastReadingDue, Instant.now(), margin);
    }

    static Duration patience(Instant lastReadingDue, Instant now, Duration margin) {
        Duration untilDue = Duration.between(now, lastReadingDue);
        return untilDue.isNegative() ? margin : untilDue.plus(margin);
    }

    public int publishFailures() {
        return failures.get();
    }

    /**
     * Each probe's latencies, waiting up to {@code patience} for probes whose alert is not notified
     * yet. A probe without a notification by then counts as missing (NaN), never as fast.
     */
    public List<Sample> collect(String jdbcUrl, String user, String password, Duration patience) throws Exception {
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        long deadline = System.nanoTime() + patience.toNanos();
        try (Connection c = DriverManager.getConnection(jdbcUrl, props)) {
            while (true) {
                List<Sample> samples = query(c);
                boolean complete = samples.stream().noneMatch(s -> Double.isNaN(s.toNotificationMs()) || Double.isNaN(s.toDeliveredMs()));
                if (complete || System.nanoTime() > deadline) {
                    return samples;
                }
                Thread.sleep(1000);
            }
        }
    }

    private List<Sample> query(Connection c) throws Exception {
        // started_at is the first reading below the limit; the rule opens at the first reading at least its minimum later
        // (LimitTracker), which is the reading measured from. updated_at would name a later revision (the all-clear).
        String sql = "SELECT a.started_at, min(n.created_at), min(n.sent_at) FROM anomalies a "
                + "LEFT JOIN alert_anomalies aa ON aa.anomaly_id = a.id "
                + "LEFT JOIN notifications n ON n.alert_id = aa.alert_id AND n.purpose = 'opened' "
                + "WHERE a.kind = 'limit' AND a.device_ids = ARRAY[?]::text[] GROUP BY a.id, a.started_at ORDER BY a.started_at LIMIT 1";
        List<Sample> samples = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement(sql)) {
            for (Probe p : probes) {
                st.setString(1, p.id());
                try (ResultSet rs = st.executeQuery()) {
                    NavigableSet<Long> times = published.getOrDefault(p.id(), new ConcurrentSkipListSet<>());
                    long started = rs.next() ? rs.getTimestamp(1).getTime() : Long.MIN_VALUE;
                    Long opening = times.contains(started) ? times.ceiling(started + BREACH.toMillis()) : null;
                    if (opening == null) {
                        // No anomaly yet, or one not begun by a probe reading: not a measurement.
                        samples.add(new Sample(p.id(), Double.NaN, Double.NaN));
                        continue;
                    }
                    samples.add(new Sample(p.id(), since(opening, rs.getTimestamp(2)), since(opening, rs.getTimestamp(3))));
                }
            }
        }
        return samples;
    }

    private static double since(long publishedAt, Timestamp t) {
        return t == null ? Double.NaN : (t.getTime() * 1_000_000L + t.getNanos() % 1_000_000 - publishedAt * 1_000_000L) / 1e6;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        for (MqttAsyncClient c : clients) {
            try {
                c.disconnect(1000).waitForCompletion(2000);
                c.close();
            } catch (MqttException e) {
                // The run is over; a probe connection that will not close cleanly changes no figure.
            }
        }
    }
}
