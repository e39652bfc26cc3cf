package no.varde.simulator;

import java.util.concurrent.atomic.LongAdder;

/** Counts of what the simulator sent and what the platform acknowledged. */
public final class SimulatorStats {
    final LongAdder published = new LongAdder();
    final LongAdder acknowledged = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder readings = new LongAdder();

    public long published() {
        return published.sum();
    }

    public long acknowledged() {
        return acknowledged.sum();
    }

    public long failed() {
        return failed.sum();
    }

    public long readings() {
        return readings.sum();
    }
}
