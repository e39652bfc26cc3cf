package no.varde.simulator.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import no.varde.simulator.ProgressBar;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Drives a target rate of QoS 1 messages (one SenML reading each, stamped with the moment it is
 * published) at a running Varde for a duration, then reads back from PostgreSQL what was stored.
 * Connections are few and each publishes for many devices when they are gateways, so the
 * generator spends little of the machine. A progress bar shows offered and acknowledged rates,
 * PUBACK latency and how far storage trails, every second.
 */
public final class BenchRunner {
    private final BenchSettings settings;
    private final ProgressBar progress;
    private final Recorder puback = new Recorder(3);
    private final Histogram pubackTotal = new Histogram(3);
    private final AtomicLong offered = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong behindSchedule = new AtomicLong();
    private volatile boolean sending = true;

    public BenchRunner(BenchSettings settings, ProgressBar progress) {
        this.settings = settings;
        this.progress = progress;
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
         * burst, not the rate.
         */
        synchronized void pump() {
            long due = (long) ((System.nanoTime() - startNanos) / 1e9 * rate);
            long backlog = due - sent;
            if (backlog > Math.max(1, rate)) {
                long skip = backlog - (long) Math.max(1, rate);
                sent += skip;
                behindSchedule.addAndGet(skip);
            }
            while (sending && sent < due && inFlight.get() < settings.window()) {
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

    public BenchReport run() throws Exception {
        List<String> devices = new ArrayList<>();
        settings.connections().forEach(c -> devices.addAll(c.devices()));
        List<Publisher> publishers = new ArrayList<>();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "varde-bench-pacer");
            t.setDaemon(true);
            return t;
        });
        try (StoredReadings store = new StoredReadings(settings.database(), devices)) {
            long startNanos = System.nanoTime();
            Instant runStart = Instant.now();
            double perConnection = settings.targetRate() / settings.connections().size();
            for (BenchSettings.Connection c : settings.connections()) {
                publishers.add(new Publisher(connect(c), c, perConnection, startNanos));
            }
            ticker.scheduleAtFixedRate(() -> publishers.forEach(Publisher::pump), 0, 1, TimeUnit.MILLISECONDS);

            watch(store, settings.warmup(), "warm-up", null);
            puback.reset();
            long offeredAtStart = offered.get();
            long ackedAtStart = acknowledged.get();
            long behindAtStart = behindSchedule.get();
            Instant measureStart = Instant.now();
            long measureNanos = System.nanoTime();
            List<BenchSample> timeline = new ArrayList<>();
            double maxLag = watch(store, settings.duration(), "measuring", timeline);
            double seconds = (System.nanoTime() - measureNanos) / 1e9;
            long measuredOffered = offered.get() - offeredAtStart;
            long measuredAcked = acknowledged.get() - ackedAtStart;
            sending = false;
            Instant lastSent = Instant.now();

            drainInFlight(publishers);
            long stored = drainStorage(store, runStart, lastSent);
            long rejected = store.rejected(runStart);
            StoredReadings.Latency overall = store.overall(measureStart, lastSent);
            List<BenchReport.StoredSecond> storedTimeline = new ArrayList<>();
            for (StoredReadings.Latency l : store.perSecond(measureStart, lastSent)) {
                storedTimeline.add(new BenchReport.StoredSecond(l.second(), l.count(), l.p50Ms(), l.p99Ms()));
            }
            double firstMinute = p99Over(storedTimeline, 0, 60);
            int lastSecond = storedTimeline.isEmpty() ? 0 : storedTimeline.get(storedTimeline.size() - 1).second();
            double lastMinute = p99Over(storedTimeline, Math.max(0, lastSecond - 59), lastSecond + 1);
            long lost = Math.max(0, acknowledged.get() - stored);
            boolean withinTarget = measuredOffered >= 0.98 * settings.targetRate() * seconds;
            // Bounded lag: storage keeps up at the end as well as at the start (no growing queue). Judged on the
            // last minute against the first, so a start-up backlog that drains does not count as growth.
            boolean bounded = lastMinute <= Math.max(2 * firstMinute, firstMinute + 1_000);
            boolean sustained = lost == 0 && failed.get() == 0 && withinTarget && bounded;
            String verdict = sustained ? "SUSTAINED: no loss, bounded lag"
                    : "NOT SUSTAINED:" + (lost > 0 ? " lost " + lost + ";" : "") + (failed.get() > 0 ? " " + failed.get() + " failed;" : "")
                    + (withinTarget ? "" : " offered rate below target (generator or PUBACK window saturated);")
                    + (bounded ? "" : " storage lag grew;");
            return new BenchReport(settings.serverUri(), machine(), settings.connections().size(), devices.size(), settings.targetRate(),
                    seconds, offered.get(), acknowledged.get(), failed.get(), rejected, stored, lost, behindSchedule.get() - behindAtStart,
                    measuredOffered / seconds,
                    measuredAcked / seconds, ms(pubackTotal.getValueAtPercentile(50)), ms(pubackTotal.getValueAtPercentile(99)),
                    ms(pubackTotal.getValueAtPercentile(99.9)), overall.p50Ms(), overall.p99Ms(), overall.p999Ms(), maxLag,
                    lastMinute, firstMinute, sustained, verdict, timeline, storedTimeline);
        } finally {
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
    }

    private MqttAsyncClient connect(BenchSettings.Connection c) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(settings.serverUri(), "bench-" + c.user() + "-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setMaxInflight(Math.max(10, settings.window() * 2));
        options.setCleanSession(true);
        options.setUserName(c.user());
        options.setPassword(c.password().toCharArray());
        client.connect(options).waitForCompletion(60_000);
        return client;
    }

    /** Sleeps through a phase, one progress line a second; returns the largest storage lag seen. */
    private double watch(StoredReadings store, Duration phase, String name, List<BenchSample> timeline) throws Exception {
        long end = System.nanoTime() + phase.toNanos();
        long lastOffered = offered.get();
        long lastAcked = acknowledged.get();
        double maxLag = 0;
        int second = 0;
        while (System.nanoTime() < end) {
            Thread.sleep(Math.max(1, Math.min(1000, (end - System.nanoTime()) / 1_000_000)));
            Histogram h = puback.getIntervalHistogram();
            long o = offered.get();
            long a = acknowledged.get();
            double lag = store.lagSeconds();
            if (timeline != null) {
                pubackTotal.add(h);
                timeline.add(new BenchSample(second, o - lastOffered, a - lastAcked, ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(99)), lag));
                if (!Double.isNaN(lag)) {
                    maxLag = Math.max(maxLag, lag);
                }
            }
            second++;
            double fraction = 1 - Math.max(0, end - System.nanoTime()) / (double) phase.toNanos();
            progress.update(fraction, String.format(Locale.ROOT, "%-9s %,7d msg/s offered %,7d acked  PUBACK p99 %6.1f ms  stored lag %5.1f s  %d failed",
                    name, o - lastOffered, a - lastAcked, ms(h.getValueAtPercentile(99)), lag, failed.get()));
            lastOffered = o;
            lastAcked = a;
        }
        progress.done();
        return maxLag;
    }

    private void drainInFlight(List<Publisher> publishers) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (publishers.stream().anyMatch(p -> p.inFlight.get() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    /** Waits until every acknowledged reading is stored, or storage stops making progress for the drain limit. */
    private long drainStorage(StoredReadings store, Instant from, Instant to) throws Exception {
        long stored = store.count(from, to.plusSeconds(1));
        long lastChange = System.nanoTime();
        while (stored < acknowledged.get() && System.nanoTime() - lastChange < settings.drainLimit().toNanos()) {
            Thread.sleep(2_000);
            long now = store.count(from, to.plusSeconds(1));
            if (now != stored) {
                lastChange = System.nanoTime();
            }
            stored = now;
            progress.update(-1, String.format(Locale.ROOT, "draining: %,d of %,d acknowledged readings stored", stored, acknowledged.get()));
        }
        return stored;
    }

    private static double p99Over(List<BenchReport.StoredSecond> seconds, int from, int to) {
        return seconds.stream().filter(s -> s.second() >= from && s.second() < to).mapToDouble(BenchReport.StoredSecond::p99Ms).max().orElse(0);
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }

    public static String machine() {
        return String.format(Locale.ROOT, "%s, %d cores, %s %s, Java %s", hostName(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"));
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown host";
        }
    }
}
