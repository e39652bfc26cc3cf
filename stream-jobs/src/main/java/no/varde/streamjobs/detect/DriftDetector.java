package no.varde.streamjobs.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import no.varde.model.Domain;
import no.varde.model.anomaly.Anomaly;
import no.varde.model.anomaly.AnomalyKind;
import no.varde.model.anomaly.Severity;

/**
 * Sensor drift: one sensor slowly walking away from the other sensors of the same metric in the
 * town, while nothing else says the world changed. Fed with 1-minute means (rollups) of every
 * series of one domain, bucket by bucket.
 *
 * <p>Each value is standardised by its own series' long-run mean and spread, so a pressure logger
 * on a hill and one in the harbour, which rise and fall together with the town's demand, are
 * comparable. A series' gap is its standardised value minus the median of the others'; weather,
 * demand and rush hours move all sensors and cancel. The gap is smoothed (half-life
 * {@value #SMOOTHING_HALF_LIFE} buckets) and compared with the series' own usual gap, in units of
 * its usual wobble. Drift is declared when that exceeds {@value #OPEN_AT} wobbles and
 * <ul>
 *   <li>the walk was gradual: at least {@value #MIN_WALK} buckets passed between leaving the usual band
 *       and reaching the threshold (a step gets there within a few: a leak, a jam, a pump, a sensor
 *       knocked, which the other detectors report), unless the series left the band just after a
 *       silence, during which it may have walked unseen;</li>
 *   <li>no other metric of the same device departs too (a pollution episode raises PM and NO2
 *       together, a burst moves flow and pressure; a drifting sensor moves alone);</li>
 *   <li>no other sensor of the same metric in the same zone departs in the same direction (a zone
 *       event, not a sensor).</li>
 * </ul>
 * A departure found to be explained (a step, another metric, a zone peer) stays explained until the
 * gap is back in the usual band, so it is not called a drift minutes later when it no longer looks
 * new. The usual wobble is at least {@value #MIN_WOBBLE} of the series' own spread, so a nearly
 * noiseless pair of sensors is not infinitely sensitive. It closes when the gap is back within
 * {@value #CLOSE_AT} wobbles. Counts and occupancy from traffic loops are not compared with other
 * roads (what a loop counts depends on its road, so neighbours say little): a loop's count is
 * compared with the count its own occupancy and speed imply instead ({@link LoopDrift}).
 */
public final class DriftDetector implements Serializable {
    private static final long serialVersionUID = 1L;
    static final double OPEN_AT = 8;
    static final double CLOSE_AT = OPEN_AT / 3;
    /** Another metric or zone peer "departs too" at this share of {@link #OPEN_AT}. */
    static final double ALSO_DEPARTS = 0.5;
    static final double SMOOTHING_HALF_LIFE = 10;
    static final int MIN_WALK = 10;
    static final double MIN_WOBBLE = 0.05;
    /**
     * A series whose minute means were exactly equal this many buckets in a row is stuck, not
     * drifting: a frozen value walks away from neighbours that follow the day's rhythm, and 8 of
     * the 28 drifts of the four evaluation seeds were stuck sensors the flatline detector had found.
     */
    static final int STUCK_BUCKETS = 5;
    /**
     * A series silent for longer than this (a dropout: 16 minutes to 3 hours in the simulator) may
     * have walked while nobody saw it, so a departure within {@link #MIN_WALK} buckets of its
     * return is not taken for a step. Without it a sensor that drifted through a dropout came back
     * apart and was "explained" as a step (seed 1's PM10 drift during a two-hour dropout). A series
     * that reports less often than this is, at every report, back from such a silence: its walk is
     * not checked.
     */
    static final long SILENCE_MILLIS = 30 * 60_000L;
    /** Buckets over which a series' mean and spread, and its usual gap, are learnt. */
    static final double VALUE_MEMORY = 2880;
    static final double GAP_MEMORY = 1440;
    /** Buckets of gaps learnt before drift can be declared (a day of 1-minute buckets). */
    static final long WARMUP_GAPS = 1440;
    static final long WARMUP_VALUES = 60;
    /** Others needed for a median worth comparing with. */
    static final int MIN_NEIGHBOURS = 2;
    /** A z older than this says nothing about now (5-minute sensors report 3 times in it). */
    static final long FRESH_MILLIS = 15 * 60_000L;
    /** Not compared with other roads; a loop's count is compared with its own occupancy × speed ({@link LoopDrift}). */
    static final Set<String> NOT_COMPARABLE = Set.of(LoopDrift.COUNT, LoopDrift.OCCUPANCY);
    private static final double SMOOTHING = 1 - Math.pow(0.5, 1 / SMOOTHING_HALF_LIFE);

    private final Map<String, DriftTrack> tracks = new HashMap<>();
    /** The bucket being collected, and its 1-minute means by series key. */
    private long pendingBucket = Long.MIN_VALUE;
    private final Map<String, Double> pending = new HashMap<>();
    private long lastProcessed = Long.MIN_VALUE;
    /** Several pollutants of one air station rising above the other stations together: an episode, not drift. */
    private final LocalEpisodes episodes = new LocalEpisodes();

    /** A series' mean over the 1-minute bucket starting at {@code bucketMillis}. */
    public void accept(Series series, long bucketMillis, double mean, Consumer<Anomaly> out) {
        accept(series, true, bucketMillis, mean, out);
    }

    /**
     * The same, saying whether the series' zone is known ({@code false} when the registry could not
     * be read): a known zone that differs from the tracked one moves the track there.
     */
    public void accept(Series series, boolean zoneKnown, long bucketMillis, double mean, Consumer<Anomaly> out) {
        if (bucketMillis <= lastProcessed || !Double.isFinite(mean)) {
            return; // a late firing of a bucket already judged changes nothing now
        }
        if (bucketMillis > pendingBucket) {
            flush(out);
            pendingBucket = bucketMillis;
        }
        DriftTrack track = tracks.computeIfAbsent(series.subject(), k -> new DriftTrack(series));
        if (zoneKnown && !series.equals(track.series)) {
            track.series = series; // moved to another zone in the registry
        }
        pending.put(series.subject(), mean);
    }

    /** Judges the bucket collected so far (called when a later one starts, or by a timer). */
    public void flush(Consumer<Anomaly> out) {
        if (pending.isEmpty()) {
            return;
        }
        long at = pendingBucket;
        Map<String, List<DriftTrack>> byMetric = new TreeMap<>();
        List<DriftTrack> loops = new ArrayList<>();
        for (Map.Entry<String, Double> e : pending.entrySet()) {
            DriftTrack t = tracks.get(e.getKey());
            if (t == null) {
                continue; // forgotten since it was collected
            }
            if (NOT_COMPARABLE.contains(t.series.metric())) {
                t.zAt = at; // heard from now (forget() goes by it), though judged only as a loop's pair, if at all
            }
            if (LoopDrift.OCCUPANCY.equals(t.series.metric())) {
                continue; // standardised as the flow it implies, with its loop's count below
            }
            standardise(t, e.getValue());
            if (t.values <= WARMUP_VALUES) {
                continue;
            }
            if (LoopDrift.COUNT.equals(t.series.metric())) {
                loops.add(t);
            } else if (!NOT_COMPARABLE.contains(t.series.metric())) {
                byMetric.computeIfAbsent(t.series.metric(), k -> new ArrayList<>()).add(t);
            }
        }
        List<DriftTrack> candidates = new ArrayList<>();
        for (List<DriftTrack> group : byMetric.values()) {
            if (group.size() < MIN_NEIGHBOURS + 1) {
                continue;
            }
            double[] sorted = group.stream().mapToDouble(t -> t.standardised).sorted().toArray();
            for (DriftTrack t : group) {
                if (learnGap(t, t.standardised - medianWithout(sorted, t.standardised), at)) {
                    candidates.add(t);
                }
            }
        }
        for (DriftTrack t : candidates) {
            judge(t, at, byMetric.get(t.series.metric()).size() - 1, out);
        }
        if (!candidates.isEmpty() && candidates.get(0).series.domain() == Domain.AIR) {
            episodes.check(candidates, at, out);
        }
        for (DriftTrack count : loops) {
            String site = count.series.deviceId() + '/';
            DriftTrack occupancy = tracks.get(site + LoopDrift.OCCUPANCY);
            Double occupied = pending.get(site + LoopDrift.OCCUPANCY);
            Double speed = pending.get(site + LoopDrift.SPEED);
            if (occupancy == null || occupied == null || speed == null) {
                continue;
            }
            standardise(occupancy, LoopDrift.impliedFlow(occupied, speed), occupied);
            if (occupancy.values > WARMUP_VALUES && learnGap(count, LoopDrift.gap(count, occupancy), at)) {
                judgeLoop(count, occupancy, occupied, speed, at, out);
            }
        }
        pending.clear();
        lastProcessed = at;
    }

    private static void standardise(DriftTrack t, double value) {
        standardise(t, value, value);
    }

    /** Standardises {@code value}; whether the sensor stands still is judged on what it reported ({@code reported}). */
    private static void standardise(DriftTrack t, double value, double reported) {
        t.unchanged = reported == t.lastValue ? t.unchanged + 1 : 0;
        t.lastValue = reported;
        t.values++;
        double alpha = Math.max(1.0 / t.values, 1 / VALUE_MEMORY);
        if (Double.isNaN(t.mean)) {
            t.mean = value;
        }
        double delta = value - t.mean;
        t.standardised = delta / (t.standardDeviation() + 1e-9);
        t.mean += alpha * delta;
        t.variance = (1 - alpha) * (t.variance + alpha * delta * delta);
    }

    /** Learns the gap; returns whether this series now stands out enough to be judged. */
    private static boolean learnGap(DriftTrack t, double gap, long at) {
        boolean resumed = t.zAt != Long.MIN_VALUE && at - t.zAt > SILENCE_MILLIS;
        t.smoothGap = t.gaps == 0 ? gap : t.smoothGap + SMOOTHING * (gap - t.smoothGap);
        t.gaps++;
        double beyond = t.smoothGap - t.usualGap;
        t.z = Double.isNaN(t.usualWobble) ? 0 : beyond / t.usualWobble;
        t.zAt = at;
        boolean warm = t.gaps > WARMUP_GAPS;
        if (resumed && t.departedAt == Long.MIN_VALUE) {
            t.resumed();
        }
        if (Math.abs(t.z) < OPEN_AT / 4) {
            t.departedAt = Long.MIN_VALUE;
            t.explained = false;
        } else if (t.departedAt == Long.MIN_VALUE) {
            t.depart(at, MIN_WALK);
        }
        if (t.open == null && (!warm || Math.abs(t.z) < OPEN_AT)) {
            // Learn what is usual only from usual buckets, and not while a drift is open, or it would be learnt.
            double alpha = Math.max(1.0 / t.gaps, 1 / GAP_MEMORY);
            t.usualGap += alpha * (t.smoothGap - t.usualGap);
            double wobble = Math.abs(t.smoothGap - t.usualGap);
            t.usualWobble = Math.max(Double.isNaN(t.usualWobble) ? wobble : t.usualWobble + alpha * (wobble - t.usualWobble), MIN_WOBBLE);
        }
        return warm;
    }

    private void judge(DriftTrack t, long at, int neighbours, Consumer<Anomaly> out) {
        Instant now = Instant.ofEpochMilli(at);
        if (!opens(t, at, "its neighbours", out)) {
            return;
        }
        double offset = (t.smoothGap - t.usualGap) * t.standardDeviation();
        double usual = t.usualGap * t.standardDeviation();
        Instant since = Instant.ofEpochMilli(t.departedAt == Long.MIN_VALUE ? at : t.departedAt);
        double value = t.value();
        String explanation = t.series.describe() + " has drifted " + Phrases.value(Math.abs(offset), t.series.unit())
                + (offset > 0 ? " above" : " below") + " the other " + neighbours + " " + t.series.metric() + " sensors since "
                + Phrases.clock(since) + " (usually " + Phrases.value(Math.abs(usual), t.series.unit()) + (usual >= 0 ? " above" : " below")
                + " them, give or take " + Phrases.value(t.usualWobble * t.standardDeviation(), t.series.unit())
                + "), while its other readings and its zone did not move: a sensor drifting off its calibration is likely";
        t.open = new Anomaly(Anomaly.idFor(AnomalyKind.DRIFT, t.series.subject(), since), 0, AnomalyKind.DRIFT, Severity.WARNING,
                Anomaly.Status.OPEN, t.series.domain(), t.series.zone(), List.of(t.series.deviceId()), t.series.metric(),
                Math.min(1, Math.abs(t.z) / (2 * OPEN_AT)), value, value - offset - 3 * t.usualWobble * t.standardDeviation(),
                value - offset + 3 * t.usualWobble * t.standardDeviation(), since, now, null, explanation);
        out.accept(t.open);
    }

    /**
     * Closes {@code t}'s open drift when its gap is back (saying it is back in line with
     * {@code reference}); returns whether a new drift opens now: far enough, not yet explained,
     * and not a step, a stuck value, another metric of the device or a zone peer departing too.
     */
    private boolean opens(DriftTrack t, long at, String reference, Consumer<Anomaly> out) {
        if (t.open != null) {
            if (Math.abs(t.z) < CLOSE_AT) {
                out.accept(t.open.close(Instant.ofEpochMilli(at), t.open.explanation() + "; back in line with " + reference + " at "
                        + Phrases.value(t.value(), t.series.unit())));
                t.open = null;
            }
            return false;
        }
        if (Math.abs(t.z) < OPEN_AT || t.explained) {
            return false;
        }
        if (t.gaps - t.departedGaps < MIN_WALK || t.unchanged >= STUCK_BUCKETS || otherMetricDeparts(t, at) || zonePeerDeparts(t, at)) {
            t.explained = true;
            return false;
        }
        return true;
    }

    /** The count of a traffic loop against its own occupancy (see {@link LoopDrift}). */
    private void judgeLoop(DriftTrack count, DriftTrack occupancy, double occupied, double speed, long at, Consumer<Anomaly> out) {
        if (occupancy.unchanged >= STUCK_BUCKETS) {
            count.explained = count.explained || Math.abs(count.z) >= OPEN_AT;
            return; // a stuck occupancy is the flatline detector's
        }
        if (opens(count, at, "its occupancy", out)) {
            count.open = LoopDrift.open(count, occupancy, occupied, speed, at);
            out.accept(count.open);
        }
    }

    private boolean otherMetricDeparts(DriftTrack t, long at) {
        for (DriftTrack other : tracks.values()) {
            // A loop's count is judged against the flow its speed implies: its departure is no evidence about the speed.
            boolean derived = LoopDrift.COUNT.equals(other.series.metric()) && LoopDrift.SPEED.equals(t.series.metric());
            if (other != t && !derived && other.series.deviceId().equals(t.series.deviceId()) && departs(other, at, 0)) {
                return true;
            }
        }
        return false;
    }

    private boolean zonePeerDeparts(DriftTrack t, long at) {
        if (t.series.zone() == null) {
            return false;
        }
        for (DriftTrack other : tracks.values()) {
            if (other != t && other.series.metric().equals(t.series.metric()) && t.series.zone().equals(other.series.zone())
                    && departs(other, at, Math.signum(t.z))) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code t} departs now (in direction {@code sign}, or either if 0). */
    private static boolean departs(DriftTrack t, long at, double sign) {
        boolean fresh = at - t.zAt <= FRESH_MILLIS;
        boolean far = Math.abs(t.z) > ALSO_DEPARTS * OPEN_AT;
        return fresh && far && (sign == 0 || Math.signum(t.z) == sign);
    }

    /** The median of {@code sorted} without one occurrence of {@code self}. */
    static double medianWithout(double[] sorted, double self) {
        int skip = Arrays.binarySearch(sorted, self);
        int n = sorted.length - 1;
        double a = sorted[index((n - 1) / 2, skip)];
        double b = sorted[index(n / 2, skip)];
        return (a + b) / 2;
    }

    private static int index(int i, int skip) {
        return i >= skip ? i + 1 : i;
    }

    /** The layout {@link #write} writes; {@link #read} reads it and every earlier one (Flink's side: {@code DriftDetectorSerializer}). */
    public static final int LAYOUT = 1;

    /** Writes the detector's state in layout {@link #LAYOUT}. */
    public void write(DataOutput out) throws IOException {
        out.writeInt(tracks.size());
        for (Map.Entry<String, DriftTrack> e : tracks.entrySet()) {
            out.writeUTF(e.getKey());
            e.getValue().write(out);
        }
        out.writeLong(pendingBucket);
        out.writeInt(pending.size());
        for (Map.Entry<String, Double> e : pending.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeDouble(e.getValue());
        }
        out.writeLong(lastProcessed);
        episodes.write(out);
    }

    /** Reads a detector's state written in {@code layout} (only layout 1 so far; the serializer refuses newer ones). */
    public static DriftDetector read(DataInput in, int layout) throws IOException {
        DriftDetector d = new DriftDetector();
        for (int i = in.readInt(); i > 0; i--) {
            d.tracks.put(in.readUTF(), DriftTrack.read(in));
        }
        d.pendingBucket = in.readLong();
        for (int i = in.readInt(); i > 0; i--) {
            d.pending.put(in.readUTF(), in.readDouble());
        }
        d.lastProcessed = in.readLong();
        d.episodes.read(in);
        return d;
    }

    /** Series tracked (for tests and state-size checks). */
    public int size() {
        return tracks.size();
    }

    public boolean hasOpen() {
        return !episodes.isEmpty() || tracks.values().stream().anyMatch(t -> t.open != null);
    }

    /** Forgets series not heard from since {@code before} (devices removed), keeping none open. */
    public void forget(long before, Consumer<Anomaly> out) {
        tracks.values().removeIf(t -> {
            if (t.zAt >= before) {
                return false;
            }
            if (t.open != null) {
                out.accept(t.open.close(Instant.ofEpochMilli(before), t.open.explanation() + "; the sensor stopped reporting"));
            }
            episodes.forget(t.series.deviceId(), Instant.ofEpochMilli(before), out);
            return true;
        });
    }
}
