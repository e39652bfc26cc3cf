package no.varde.streamjobs.detect;

import java.io.Serializable;
import java.time.Instant;
import java.util.function.Consumer;
import no.varde.model.anomaly.Anomaly;
import no.varde.model.anomaly.AnomalyKind;

/**
 * One limit rule on one series: opens an anomaly once the (averaged) value has been over the
 * limit for the rule's minimum duration, keeps it open while the value stays short of the clear
 * level (hysteresis), updates it when the value gets worse, and closes it when the value clears.
 */
public final class LimitTracker implements Serializable {
    private final LimitRule rule;
    private long breachSince = Long.MIN_VALUE;
    private Anomaly open;
    private double worst = Double.NaN;

    public LimitTracker(LimitRule rule) {
        this.rule = rule;
    }

    /** This tracker's state (its breach, its open anomaly) under a changed version of its rule. */
    LimitTracker withRule(LimitRule changed) {
        LimitTracker t = new LimitTracker(changed);
        t.breachSince = breachSince;
        t.open = open;
        t.worst = worst;
        return t;
    }

    /** Its rule is no longer in force: an open anomaly is closed, saying so. */
    void retire(long millis, Consumer<Anomaly> out) {
        if (open != null) {
            out.accept(open.close(Instant.ofEpochMilli(millis), open.explanation() + "; closed because the rule " + rule.id()
                    + " is no longer in the limits in force"));
            open = null;
        }
    }

    /** Its state after the rule (which {@link StateIo#writeRule} writes). */
    void write(java.io.DataOutput out) throws java.io.IOException {
        out.writeLong(breachSince);
        StateIo.writeAnomaly(out, open);
        out.writeDouble(worst);
    }

    void read(java.io.DataInput in) throws java.io.IOException {
        breachSince = in.readLong();
        open = StateIo.readAnomaly(in);
        worst = in.readDouble();
    }

    public LimitRule rule() {
        return rule;
    }

    public void accept(Series series, long millis, double value, Consumer<Anomaly> out) {
        if (open != null) {
            if (rule.cleared(value)) {
                out.accept(open.close(Instant.ofEpochMilli(millis), explanation(series, value, false)
                        + "; back to " + Phrases.value(value, series.unit())));
                open = null;
                breachSince = Long.MIN_VALUE;
                worst = Double.NaN;
            } else if (rule.breached(value) && worse(value, worst)) {
                worst = value;
                open = open.update(rule.severity(), open.score(), value, low(), high(), Instant.ofEpochMilli(millis),
                        explanation(series, value, true));
                out.accept(open);
            }
            return;
        }
        if (!rule.breached(value)) {
            breachSince = Long.MIN_VALUE;
            return;
        }
        if (breachSince == Long.MIN_VALUE) {
            breachSince = millis;
        }
        if (millis - breachSince >= rule.minimum().toMillis()) {
            Instant start = Instant.ofEpochMilli(breachSince);
            worst = value;
            open = new Anomaly(Anomaly.idFor(AnomalyKind.LIMIT, series.subject() + '/' + rule.id(), start), 0, AnomalyKind.LIMIT,
                    rule.severity(), Anomaly.Status.OPEN, series.domain(), series.zone(), java.util.List.of(series.deviceId()),
                    series.metric(), 1.0, value, low(), high(), start, Instant.ofEpochMilli(millis), null,
                    explanation(series, value, true));
            out.accept(open);
        }
    }

    public boolean isOpen() {
        return open != null;
    }

    private boolean worse(double value, double than) {
        return Double.isNaN(than) || (rule.upper() ? value > than : value < than);
    }

    private double low() {
        return rule.upper() ? Double.NaN : rule.limit();
    }

    private double high() {
        return rule.upper() ? rule.limit() : Double.NaN;
    }

    private String explanation(Series series, double value, boolean ongoing) {
        String what = rule.average().phrase() + series.metric() + " at " + series.deviceId()
                + (series.zone() == null ? "" : " (zone " + series.zone() + ")");
        String side = rule.upper() ? "above" : "below";
        String duration = rule.minimum().isZero() ? "" : " for over " + Phrases.duration(rule.minimum());
        return (ongoing ? what + " is " : what + " was ") + Phrases.value(value, series.unit()) + ", " + side + " the limit "
                + Phrases.value(rule.limit(), series.unit()) + duration + " (" + rule.source() + ")";
    }
}
