package no.varde.streamjobs.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import no.varde.model.anomaly.Anomaly;
import no.varde.model.anomaly.AnomalyKind;
import no.varde.model.anomaly.Severity;

/**
 * Everything Varde checks on one series (a device's metric), reading by reading: the limit
 * rules on single readings, the adaptive statistical model, spikes and flatlines. Plain Java
 * with a fixed amount of state, so the Flink operator only stores and restores it and tests
 * drive it directly. Each kind keeps at most one open anomaly: readings milliseconds apart
 * update it instead of opening another.
 */
public final class SeriesDetector implements Serializable {
    private static final long serialVersionUID = 1L;
    /** A statistical anomaly opens at this score (a tail probability of about 1e-12)... */
    static final double STATISTICAL_OPEN = 0.8;
    /** ...held for this many readings in a row (a lone spike is the spike detector's)... */
    static final int STATISTICAL_PERSISTENCE = 3;
    /** ...and closes after this many readings in a row below this score. */
    static final double STATISTICAL_CLOSE = 0.5;
    static final int STATISTICAL_CLOSE_AFTER = 5;
    /** A spike departs this many usual errors from the forecast, and jumps this many usual steps from the last reading. */
    static final double SPIKE_DEVIATION = 4;
    /** ...jumps this many usual steps from the reading before... */
    static final double SPIKE_JUMP = 6;
    /** A jump this many usual steps is unusual even where the forecast is poor (a busy morning). */
    static final double SPIKE_EXTREME_JUMP = 20;
    /** ...and is this many times beyond the series' own usual extremes (its 99.5 % surprise), so noisy series are judged by their noise. */
    static final double SPIKE_RARITY = 0.8;
    /** A counted spike (vehicles) must be this improbable under Poisson counting at the expected rate. */
    static final double SPIKE_COUNT_TAIL = 1e-7;
    /** Weight of a new step in the short memory of recent step sizes. */
    static final double RECENT_STEP_ALPHA = 0.3;
    /** A half-hour's usual error is taken as at least this share of the series' overall usual error. */
    static final double SLOT_SPREAD_FLOOR = 0.25;
    /** Units of counted things, whose repeats follow counting statistics rather than measurement noise. */
    static final java.util.Set<String> COUNT_UNITS = java.util.Set.of("veh");
    /** Composites hear about readings at least this far from expected (in usual errors), and when they return. */
    static final double NOTABLE_DEVIATION = 2.5;

    /** The layout {@link #write} writes; bump it, and keep reading the old one, when the layout changes. */
    public static final int LAYOUT = 2;

    /** Not final: a device moved to another zone in the registry takes its series along ({@link #moveTo}). */
    private Series series;
    private final AdaptiveDetector model;
    private LimitTracker[] limits;
    /** Whether {@link #useRules} has seen this object (not state: a restored or copied detector checks once more). */
    private transient boolean rulesChecked;
    /** The zone directory's version at which it last confirmed this series' zone (not written into checkpoints: 0, never, after a restore). */
    private transient long zoneConfirmedAt;

    private long count;
    private double previous = Double.NaN;
    private double stepScale = Double.NaN;

    private Anomaly statistical;
    private int statisticalRun;
    private int quietRun;

    private SpikeCandidate spikeCandidate;
    /** Usual forecast error per half-hour of the day: a busy morning is noisier than a quiet night. */
    private final double[] slotSpread = new double[48];

    private final StuckWatch stuck = new StuckWatch();

    private boolean notable;
    private final ChangeTracker change = new ChangeTracker();
    /** The size of the last few steps (short memory), beside the long-run {@code stepScale}. */
    private double recentStep;
    private double lowest = Double.POSITIVE_INFINITY;
    private double highest = Double.NEGATIVE_INFINITY;

    public SeriesDetector(Series series, DetectorSettings settings, List<LimitRule> readingRules) {
        this.series = series;
        this.model = new AdaptiveDetector(settings);
        // A loop, not a stream: on RocksDB a detector is built for every reading (read back with no rules, its limits
        // following from the state); JFR put a quarter of the Java samples in the empty list's stream pipeline, and
        // the loop gained about 5 % in bin/bench-state --rocksdb --only series.
        this.limits = new LimitTracker[readingRules.size()];
        for (int i = 0; i < limits.length; i++) {
            limits[i] = new LimitTracker(readingRules.get(i));
        }
    }

    public Series series() {
        return series;
    }

    /**
     * Checks one reading. Anomaly reports go to {@code anomalies}; how the reading compares with
     * the forecast goes to {@code assessments} when it is notable (or stops being so).
     * @return the reading's statistical score in [0, 1]
     */
    public double accept(long millis, double value, Consumer<Anomaly> anomalies, Consumer<Assessment> assessments) {
        for (LimitTracker limit : limits) {
            limit.accept(series, millis, value, anomalies);
        }
        double score = model.score(millis, value);
        double expected = model.lastExpected();
        double spread = Math.max(model.lastSpread(), 1e-9);
        boolean warm = model.count() > model.settingsWarmup();
        // The usual error at this half-hour of the day: a quiet night is judged by night-time noise (where a
        // leak shows best, in the minimum night flow), a busy morning by its own, larger errors.
        int slot = (int) Math.floorMod(millis / 1_800_000L, 48L);
        double localSpread = slotSpread[slot] > 0 ? Math.max(slotSpread[slot], SLOT_SPREAD_FLOOR * spread) : spread;
        double deviation = Double.isNaN(expected) ? 0 : (value - expected) / localSpread;
        boolean spiking = warm && checkSpike(millis, value, expected, localSpread, deviation, anomalies);
        if (!Double.isNaN(expected)) {
            // Learnt from errors clipped at a few spreads, so spikes do not teach the slot to expect spikes.
            double error = Math.min(Math.abs(value - expected), 4 * localSpread);
            slotSpread[slot] = slotSpread[slot] == 0 ? error : slotSpread[slot] + 0.05 * (error - slotSpread[slot]);
        }
        checkFlatline(millis, value, expected, warm, anomalies);
        // What the composites hear is how unusual the last minutes' change was (see ChangeTracker).
        change.accept(millis, value);
        if (warm) {
            checkStatistical(millis, value, score, expected, spread, spiking, anomalies);
            double changeZ = change.z();
            boolean now = Math.abs(changeZ) >= NOTABLE_DEVIATION;
            if (now || notable) {
                assessments.accept(new Assessment(series, millis, value, change.expected(), change.before(), changeZ));
            }
            notable = now;
        }
        learnStep(value);
        count++;
        return score;
    }

    /**
     * A spike is one reading far from the forecast, far from the reading before it and beyond
     * the series' own usual extremes, followed by a reading back near where it came from. The
     * return is what tells a spike (a glitch, one bad reading) from a step (a burst, a jam, a
     * pump stopping), which the statistical and composite detectors report instead; waiting for
     * it costs one report interval. Reported opened at the spike and closed at the return.
     */
    private boolean checkSpike(long millis, double value, double expected, double spread, double deviation,
                               Consumer<Anomaly> out) {
        if (spikeCandidate != null) {
            SpikeCandidate c = spikeCandidate;
            spikeCandidate = null;
            boolean back = Math.abs(value - c.before) < Math.abs(c.value - c.before) / 3;
            if (back) {
                Instant start = Instant.ofEpochMilli(c.millis);
                Instant at = Instant.ofEpochMilli(millis);
                String direction = c.value > c.expected ? " jumped to " : " dropped to ";
                Anomaly spike = new Anomaly(Anomaly.idFor(AnomalyKind.SPIKE, series.subject(), start), 0, AnomalyKind.SPIKE,
                        Severity.WARNING, Anomaly.Status.OPEN, series.domain(), series.zone(), List.of(series.deviceId()),
                        series.metric(), Math.min(1, Math.abs(c.deviation) / (4 * SPIKE_DEVIATION)), c.value,
                        c.expected - 3 * c.spread, c.expected + 3 * c.spread, start, at, null,
                        series.describe() + direction + Phrases.value(c.value, series.unit()) + " from "
                                + Phrases.value(c.before, series.unit()) + " for one reading and came back to "
                                + Phrases.value(value, series.unit()) + "; about " + Phrases.value(c.expected, series.unit())
                                + " was expected: a sensor glitch or a brief transient");
                out.accept(spike);
                out.accept(spike.close(at, spike.explanation()));
            }
            return back;
        }
        double jump = Double.isNaN(previous) ? 0 : Math.abs(value - previous);
        // The jump must stand out from the steps of the last few readings too: a series already jumping about
        // (a jammed road) is not spiking. And a count must be improbable as a count (Poisson), not just large.
        // A departure from where the series sits at a bound (no cars, saturated humidity) and back is the world, not a glitch.
        double usualStep = Double.isNaN(stepScale) ? Double.NaN : Math.max(stepScale, recentStep);
        boolean fromBound = previous <= lowest || previous >= highest;
        boolean unusual = (Math.abs(deviation) >= SPIKE_DEVIATION && model.lastRarity() >= SPIKE_RARITY)
                || jump >= SPIKE_EXTREME_JUMP * usualStep;
        if (unusual && !fromBound && !Double.isNaN(usualStep) && jump >= SPIKE_JUMP * usualStep
                && (!COUNT_UNITS.contains(series.unit()) || PoissonCounts.improbable(value, expected, SPIKE_COUNT_TAIL))) {
            spikeCandidate = new SpikeCandidate(millis, value, previous, expected, spread, deviation);
            return true;
        }
        return false;
    }

    /** A reading that may be a spike, waiting for the next one to tell. */
    private record SpikeCandidate(long millis, double value, double before, double expected, double spread, double deviation)
            implements Serializable {
    }

    private void checkFlatline(long millis, double value, double expected, boolean warm, Consumer<Anomaly> out) {
        // Repeating zero (nothing measured) or the lowest or highest value the series has ever had (humidity
        // saturated at 100 %, a sensor's floor) is the world or the instrument at a bound, not a stuck sensor.
        boolean atBound = value <= lowest || value >= highest;
        lowest = Math.min(lowest, value);
        highest = Math.max(highest, value);
        stuck.accept(series, millis, value, previous, atBound, COUNT_UNITS.contains(series.unit()), expected, warm, out);
    }

    private void checkStatistical(long millis, double value, double score, double expected, double spread, boolean spiking,
                                  Consumer<Anomaly> out) {
        Instant at = Instant.ofEpochMilli(millis);
        if (statistical == null) {
            statisticalRun = score >= STATISTICAL_OPEN && !spiking ? statisticalRun + 1 : 0;
            if (statisticalRun >= STATISTICAL_PERSISTENCE) {
                statistical = new Anomaly(Anomaly.idFor(AnomalyKind.STATISTICAL, series.subject(), at), 0,
                        AnomalyKind.STATISTICAL, severityOf(score), Anomaly.Status.OPEN, series.domain(), series.zone(),
                        List.of(series.deviceId()), series.metric(), score, value, expected - 3 * spread, expected + 3 * spread,
                        at, at, null, statisticalExplanation(value, expected, spread));
                quietRun = 0;
                out.accept(statistical);
            }
            return;
        }
        if (score < STATISTICAL_CLOSE) {
            if (++quietRun >= STATISTICAL_CLOSE_AFTER) {
                out.accept(statistical.close(at, statistical.explanation() + "; back to normal at "
                        + Phrases.value(value, series.unit())));
                statistical = null;
                statisticalRun = 0;
            }
            return;
        }
        quietRun = 0;
        if (score > statistical.score() + 0.05) {
            statistical = statistical.update(statistical.severity().max(severityOf(score)), score, value, expected - 3 * spread,
                    expected + 3 * spread, at, statisticalExplanation(value, expected, spread));
            out.accept(statistical);
        }
    }

    private String statisticalExplanation(double value, double expected, double spread) {
        return series.describe() + " is " + Phrases.value(value, series.unit()) + " where "
                + Phrases.value(expected - 3 * spread, "") + "–" + Phrases.value(expected + 3 * spread, series.unit())
                + " is usual at this time of day and week";
    }

    private static Severity severityOf(double score) {
        return score >= 0.9 ? Severity.WARNING : Severity.INFO;
    }

    private void learnStep(double value) {
        if (!Double.isNaN(previous)) {
            recentStep += RECENT_STEP_ALPHA * (Math.abs(value - previous) - recentStep);
        }
        if (!Double.isNaN(previous) && spikeCandidate == null) {
            double step = Math.abs(value - previous);
            stepScale = Double.isNaN(stepScale) ? step : stepScale + Math.max(1.0 / (count + 1), 0.01) * (step - stepScale);
        }
        previous = value;
    }

    /**
     * Writes the whole state: the series and the configuration it was made with (settings, limit
     * rules), then everything learnt. {@link #read} gives back a detector that behaves exactly as
     * this one. The Flink operator's serializer frames it and versions the layout.
     */
    public void write(DataOutput out) throws IOException {
        StateIo.writeSeries(out, series);
        StateIo.writeSettings(out, model.settings());
        model.write(out);
        SeriesLimits.write(out, limits);
        out.writeLong(count);
        out.writeDouble(previous);
        out.writeDouble(stepScale);
        StateIo.writeAnomaly(out, statistical);
        out.writeInt(statisticalRun);
        out.writeInt(quietRun);
        out.writeBoolean(spikeCandidate != null);
        if (spikeCandidate != null) {
            out.writeLong(spikeCandidate.millis());
            out.writeDouble(spikeCandidate.value());
            out.writeDouble(spikeCandidate.before());
            out.writeDouble(spikeCandidate.expected());
            out.writeDouble(spikeCandidate.spread());
            out.writeDouble(spikeCandidate.deviation());
        }
        StateIo.writeDoubles(out, slotSpread);
        stuck.write(out);
        out.writeBoolean(notable);
        change.write(out);
        out.writeDouble(recentStep);
        out.writeDouble(lowest);
        out.writeDouble(highest);
    }

    /** A detector as {@link #write} wrote it. */
    public static SeriesDetector read(DataInput in) throws IOException {
        return read(in, LAYOUT);
    }

    /** A detector as {@link #write} wrote it in {@code layout} (1: before {@link StuckWatch} learnt step sizes). */
    public static SeriesDetector read(DataInput in, int layout) throws IOException {
        Series series = StateIo.readSeries(in);
        DetectorSettings settings = StateIo.readSettings(in);
        SeriesDetector d = new SeriesDetector(series, settings, List.of());
        d.model.read(in);
        d.limits = SeriesLimits.read(in);
        d.count = in.readLong();
        d.previous = in.readDouble();
        d.stepScale = in.readDouble();
        d.statistical = StateIo.readAnomaly(in);
        d.statisticalRun = in.readInt();
        d.quietRun = in.readInt();
        if (in.readBoolean()) {
            d.spikeCandidate = new SpikeCandidate(in.readLong(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(),
                    in.readDouble());
        }
        StateIo.readDoubles(in, d.slotSpread);
        if (layout == 1) {
            d.stuck.readLayout1(in);
        } else {
            d.stuck.read(in);
        }
        d.notable = in.readBoolean();
        d.change.read(in);
        d.recentStep = in.readDouble();
        d.lowest = in.readDouble();
        d.highest = in.readDouble();
        return d;
    }

    /**
     * Whether the limit rules this detector was made with have been compared with the ones in force
     * since it was restored (the operator calls {@link #useRules} when not).
     */
    public boolean rulesChecked() {
        return rulesChecked;
    }

    /** The zone directory's version at which it last confirmed this series' zone; 0 for never. */
    public long zoneConfirmedAt() {
        return zoneConfirmedAt;
    }

    public void zoneConfirmedAt(long version) {
        zoneConfirmedAt = version;
    }

    /**
     * Takes the limit rules now in force for this series (see {@link SeriesLimits#inForce}: a
     * detector keeps the rules it was made with in its state).
     */
    public void useRules(List<LimitRule> inForce, long millis, Consumer<Anomaly> out) {
        rulesChecked = true;
        limits = SeriesLimits.inForce(limits, inForce, millis, out);
    }

    /**
     * The device now belongs to {@code zone} (the registry says so): later anomalies carry the
     * new zone, and the limit rules in force there ({@code inForce}) apply from this reading.
     * Anomalies already open keep the zone they opened in until they close.
     */
    public void moveTo(String zone, List<LimitRule> inForce, long millis, Consumer<Anomaly> out) {
        series = new Series(series.deviceId(), series.metric(), series.unit(), series.domain(), zone);
        useRules(inForce, millis, out);
    }

    /** Whether an anomaly of this kind is open (for tests and the operator's clean-up). */
    public boolean hasOpen() {
        if (statistical != null || stuck.isOpen()) {
            return true;
        }
        for (LimitTracker limit : limits) {
            if (limit.isOpen()) {
                return true;
            }
        }
        return false;
    }
}
