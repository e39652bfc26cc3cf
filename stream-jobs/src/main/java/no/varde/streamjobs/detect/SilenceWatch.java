package no.varde.streamjobs.detect;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import no.varde.model.Domain;
import no.varde.model.anomaly.Anomaly;
import no.varde.model.anomaly.AnomalyKind;
import no.varde.model.anomaly.Severity;

/**
 * Notices when a device, or one of its metrics, stops reporting. Each metric's usual interval
 * is learnt; a metric is overdue {@value #GRACE_INTERVALS} intervals (plus the out-of-order
 * allowance) after its last reading. All metrics overdue is one device silence; some overdue
 * while others report is a silence per metric. State is per metric of one device.
 */
public final class SilenceWatch implements Serializable {
    /** Overdue after this many usual intervals: 1.5 tells a missed report within two intervals. */
    static final double GRACE_INTERVALS = 1.5;
    /**
     * No device is silent sooner than this after its last reading: a device sending every second
     * (a load test, a high-rate logger) pauses for a few seconds whenever its link is congested,
     * which is not what an engineer needs to hear about.
     */
    static final long MIN_SILENCE_MILLIS = 30_000;
    /** Gaps remembered per metric, and the share of them the usual interval covers. */
    static final int GAP_MEMORY = 200;
    static final double GAP_QUANTILE = 0.95;

    private final String deviceId;
    private final Domain domain;
    private final long allowanceMillis;
    private final Map<String, long[]> metrics = new HashMap<>(); // metric -> {last, interval}
    private final Map<String, DecayingHistogram> gaps = new HashMap<>(); // metric -> recent gaps in minutes
    /** Not final: the registry may move the device to another zone ({@link #moveTo}). */
    private String zone;
    /** The zone directory's version at which it last confirmed the zone (not written into checkpoints: 0, never, after a restore). */
    private transient long zoneConfirmedAt;
    private Anomaly deviceSilence;
    private final Map<String, Anomaly> metricSilences = new HashMap<>();

    public SilenceWatch(String deviceId, Domain domain, String zone, long allowanceMillis) {
        this.deviceId = deviceId;
        this.domain = domain;
        this.zone = zone;
        this.allowanceMillis = allowanceMillis;
    }

    /** The device now belongs to {@code zone}: later silences carry it (one already open keeps its own). */
    public void moveTo(String zone) {
        this.zone = zone;
    }

    public String zone() {
        return zone;
    }

    /** The zone directory's version at which it last confirmed the zone; 0 for never. */
    public long zoneConfirmedAt() {
        return zoneConfirmedAt;
    }

    public void zoneConfirmedAt(long version) {
        zoneConfirmedAt = version;
    }

    /** A reading arrived: learns its interval and ends any silence it breaks. */
    public void onReading(String metric, long millis, Consumer<Anomaly> out) {
        reportGap(millis, out);
        long[] m = metrics.computeIfAbsent(metric, k -> new long[] {millis, 0});
        if (millis > m[0]) {
            long gap = millis - m[0];
            // The usual interval is the 95th percentile of the recent gaps: the period of a regular device,
            // the pause between bursts of one that sends in bursts (a gateway flushing its buffer), and
            // little moved by a rare silence. (A mean or the shortest gap would make every pause between
            // bursts look like a silence.)
            DecayingHistogram histogram = gaps.computeIfAbsent(metric, k -> new DecayingHistogram(GAP_MEMORY));
            histogram.add(gap / 60_000.0);
            m[1] = Math.round(histogram.quantile(GAP_QUANTILE) * 60_000);
            m[0] = millis;
        }
        Instant at = Instant.ofEpochMilli(millis);
        if (deviceSilence != null) {
            out.accept(deviceSilence.close(at, deviceSilence.explanation() + "; it reported again at " + at));
            deviceSilence = null;
        }
        Anomaly silent = metricSilences.remove(metric);
        if (silent != null) {
            out.accept(silent.close(at, silent.explanation() + "; it reported again at " + at));
        }
    }

    /**
     * A reading after a gap longer than every metric's deadline, with no silence declared: the
     * clock that should have declared it ran behind the readings (a replay, or catching up on a
     * Kafka backlog, where the watermark trails what has been read). The silence is reported
     * as it would have been in real time, opened at its deadline and closed by this reading.
     */
    private void reportGap(long millis, Consumer<Anomaly> out) {
        if (deviceSilence != null || metrics.isEmpty()) {
            return;
        }
        long lastAny = Long.MIN_VALUE;
        long latestDeadline = Long.MIN_VALUE;
        long shortest = Long.MAX_VALUE;
        for (long[] m : metrics.values()) {
            if (m[1] == 0) {
                return;
            }
            lastAny = Math.max(lastAny, m[0]);
            latestDeadline = Math.max(latestDeadline, deadline(m));
            shortest = Math.min(shortest, m[1]);
        }
        if (millis > latestDeadline) {
            Anomaly opened = deviceSilenceSince(lastAny, latestDeadline, shortest);
            out.accept(opened);
            Instant at = Instant.ofEpochMilli(millis);
            out.accept(opened.close(at, opened.explanation() + "; it reported again at " + at));
            metricSilences.clear();
        }
    }

    private Anomaly deviceSilenceSince(long lastAny, long now, long interval) {
        Instant since = Instant.ofEpochMilli(lastAny);
        return new Anomaly(Anomaly.idFor(AnomalyKind.SILENCE, deviceId, since), 0, AnomalyKind.SILENCE,
                Severity.WARNING, Anomaly.Status.OPEN, domain, zone, List.of(deviceId), null, 1.0, Double.NaN, Double.NaN,
                Double.NaN, since, Instant.ofEpochMilli(now), null,
                "device " + deviceId + (zone == null ? "" : " (zone " + zone + ")") + " has not reported since " + since
                        + " although it normally reports every " + Phrases.duration(java.time.Duration.ofMillis(interval)));
    }

    /** When the next silence could be declared (Long.MAX_VALUE when nothing is known yet). */
    public long nextDeadline() {
        long next = Long.MAX_VALUE;
        for (Map.Entry<String, long[]> e : metrics.entrySet()) {
            long[] m = e.getValue();
            if (m[1] > 0 && !metricSilences.containsKey(e.getKey()) && deviceSilence == null) {
                next = Math.min(next, deadline(m));
            }
        }
        return next;
    }

    /** Time has reached {@code now}: declares what is overdue. */
    public void onTime(long now, Consumer<Anomaly> out) {
        if (deviceSilence != null) {
            return;
        }
        List<String> overdue = new ArrayList<>();
        long lastAny = Long.MIN_VALUE;
        long shortest = Long.MAX_VALUE;
        for (Map.Entry<String, long[]> e : metrics.entrySet()) {
            long[] m = e.getValue();
            lastAny = Math.max(lastAny, m[0]);
            if (m[1] > 0 && now >= deadline(m)) {
                overdue.add(e.getKey());
                shortest = Math.min(shortest, m[1]);
            }
        }
        if (overdue.isEmpty()) {
            return;
        }
        if (overdue.size() == metrics.size()) {
            deviceSilence = deviceSilenceSince(lastAny, now, shortest);
            metricSilences.clear();
            out.accept(deviceSilence);
            return;
        }
        for (String metric : overdue) {
            if (!metricSilences.containsKey(metric)) {
                long[] m = metrics.get(metric);
                Instant since = Instant.ofEpochMilli(m[0]);
                Anomaly a = new Anomaly(Anomaly.idFor(AnomalyKind.SILENCE, deviceId + '/' + metric, since), 0, AnomalyKind.SILENCE,
                        Severity.INFO, Anomaly.Status.OPEN, domain, zone, List.of(deviceId), metric, 1.0, Double.NaN, Double.NaN,
                        Double.NaN, since, Instant.ofEpochMilli(now), null,
                        metric + " at " + deviceId + " has not reported since " + since + " while the device's other metrics still do");
                metricSilences.put(metric, a);
                out.accept(a);
            }
        }
    }

    public boolean hasOpen() {
        return deviceSilence != null || !metricSilences.isEmpty();
    }

    private long deadline(long[] m) {
        return m[0] + Math.max((long) (GRACE_INTERVALS * m[1]) + allowanceMillis, MIN_SILENCE_MILLIS);
    }
}
