package no.varde.streamjobs.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import no.varde.model.anomaly.Anomaly;

/**
 * The limit trackers of one series (an array in {@link SeriesDetector}'s state): written and read
 * with their rules, and brought up to the rules in force.
 */
final class SeriesLimits {
    private SeriesLimits() {
    }

    /**
     * The trackers for the rules now in force. A detector keeps the rules it was made with in its
     * state, so without this a municipality that edits its limits file and restarts would see the
     * old limits on every existing series until it fell silent for a week. A rule kept (same id)
     * keeps its breach and open anomaly, judged by its new values from the next reading; a removed
     * rule's open anomaly is closed, saying why; a new rule starts fresh. Returns {@code current}
     * itself when nothing changed.
     */
    static LimitTracker[] inForce(LimitTracker[] current, List<LimitRule> rules, long millis, Consumer<Anomaly> out) {
        boolean same = rules.size() == current.length;
        for (int i = 0; same && i < current.length; i++) {
            same = current[i].rule().equals(rules.get(i));
        }
        if (same) {
            return current;
        }
        LimitTracker[] next = new LimitTracker[rules.size()];
        for (int i = 0; i < next.length; i++) {
            LimitRule rule = rules.get(i);
            next[i] = new LimitTracker(rule);
            for (LimitTracker old : current) {
                if (old.rule().id().equals(rule.id())) {
                    next[i] = old.withRule(rule);
                }
            }
        }
        for (LimitTracker old : current) {
            if (rules.stream().noneMatch(r -> r.id().equals(old.rule().id()))) {
                old.retire(millis, out);
            }
        }
        return next;
    }

    static void write(DataOutput out, LimitTracker[] limits) throws IOException {
        out.writeInt(limits.length);
        for (LimitTracker limit : limits) {
            StateIo.writeRule(out, limit.rule());
            limit.write(out);
        }
    }

    static LimitTracker[] read(DataInput in) throws IOException {
        LimitTracker[] limits = new LimitTracker[in.readInt()];
        for (int i = 0; i < limits.length; i++) {
            limits[i] = new LimitTracker(StateIo.readRule(in));
            limits[i].read(in);
        }
        return limits;
    }
}
