package no.varde.simulator.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import no.varde.simulator.ProgressBar;
import org.HdrHistogram.Histogram;

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
    private final Histogram pubackTotal = new Histogram(3);
    private BenchGenerator generator;

    public BenchRunner(BenchSettings settings, ProgressBar progress) {
        this.settings = settings;
        this.progress = progress;
    }

    public BenchReport run() throws Exception {
        List<String> devices = new ArrayList<>();
        settings.connections().forEach(c -> devices.addAll(c.devices()));
        // Before the first connection: the generator publishes as soon as its connections are up.
        Instant runStart = Instant.now();
        try (StoredReadings store = new StoredReadings(settings.database(), devices);
             BenchGenerator load = BenchGenerator.start(settings.client(), settings.serverUri(), settings.connections(), settings.targetRate(), settings.window())) {
            generator = load;
            watch(store, settings.warmup(), "warm-up", null);
            load.resetPuback();
            long offeredAtStart = load.offered();
            long ackedAtStart = load.acknowledged();
            long behindAtStart = load.behindSchedule();
            Instant measureStart = Instant.now();
            long measureNanos = System.nanoTime();
            List<BenchSample> timeline = new ArrayList<>();
            double maxLag = watch(store, settings.duration(), "measuring", timeline);
            double seconds = (System.nanoTime() - measureNanos) / 1e9;
            long measuredOffered = load.offered() - offeredAtStart;
            long measuredAcked = load.acknowledged() - ackedAtStart;
            long measuredBehind = load.behindSchedule() - behindAtStart;
            Instant lastSent = Instant.now();

            load.stopAndDrain();
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
            long lost = Math.max(0, load.acknowledged() - stored);
            boolean withinTarget = measuredOffered >= 0.98 * settings.targetRate() * seconds;
            // Bounded lag: storage keeps up at the end as well as at the start (no growing queue). Judged on the
            // last minute against the first, so a start-up backlog that drains does not count as growth.
            boolean bounded = lastMinute <= Math.max(2 * firstMinute, firstMinute + 1_000);
            boolean sustained = lost == 0 && load.failed() == 0 && withinTarget && bounded;
            String verdict = sustained ? "SUSTAINED: no loss, bounded lag"
                    : "NOT SUSTAINED:" + (lost > 0 ? " lost " + lost + ";" : "") + (load.failed() > 0 ? " " + load.failed() + " failed;" : "")
                    + (withinTarget ? "" : " offered rate below target (generator or PUBACK window saturated);")
                    + (bounded ? "" : " storage lag grew;");
            return new BenchReport(settings.serverUri(), machine(), settings.client().name().toLowerCase(Locale.ROOT), settings.connections().size(), devices.size(), settings.targetRate(),
                    seconds, load.offered(), load.acknowledged(), load.failed(), rejected, stored, lost, measuredBehind,
                    measuredOffered / seconds,
                    measuredAcked / seconds, ms(pubackTotal.getValueAtPercentile(50)), ms(pubackTotal.getValueAtPercentile(99)),
                    ms(pubackTotal.getValueAtPercentile(99.9)), overall.p50Ms(), overall.p99Ms(), overall.p999Ms(), maxLag,
                    lastMinute, firstMinute, sustained, verdict, timeline, storedTimeline, null);
        }
    }

    /** Sleeps through a phase, one progress line a second; returns the largest storage lag seen. */
    private double watch(StoredReadings store, Duration phase, String name, List<BenchSample> timeline) throws Exception {
        long end = System.nanoTime() + phase.toNanos();
        long lastOffered = generator.offered();
        long lastAcked = generator.acknowledged();
        double maxLag = 0;
        int second = 0;
        while (System.nanoTime() < end) {
            Thread.sleep(Math.max(1, Math.min(1000, (end - System.nanoTime()) / 1_000_000)));
            Histogram h = generator.pubackInterval();
            long o = generator.offered();
            long a = generator.acknowledged();
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
                    name, o - lastOffered, a - lastAcked, ms(h.getValueAtPercentile(99)), lag, generator.failed()));
            lastOffered = o;
            lastAcked = a;
        }
        progress.done();
        return maxLag;
    }

    /** Waits until every acknowledged reading is stored, or storage stops making progress for the drain limit. */
    private long drainStorage(StoredReadings store, Instant from, Instant to) throws Exception {
        long stored = store.count(from, to.plusSeconds(1));
        long lastChange = System.nanoTime();
        while (stored < generator.acknowledged() && System.nanoTime() - lastChange < settings.drainLimit().toNanos()) {
            Thread.sleep(2_000);
            long now = store.count(from, to.plusSeconds(1));
            if (now != stored) {
                lastChange = System.nanoTime();
            }
            stored = now;
            progress.update(-1, String.format(Locale.ROOT, "draining: %,d of %,d acknowledged readings stored", stored, generator.acknowledged()));
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
