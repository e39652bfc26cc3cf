package no.varde.streamjobs.rollup;

import org.apache.flink.api.common.functions.AggregateFunction;

/** Folds 1-minute rollups into a coarser one (1 hour). */
public final class RollupMerge implements AggregateFunction<Rollup, Rollup, Rollup> {
    @Override
    public Rollup createAccumulator() {
        return null;
    }

    @Override
    public Rollup add(Rollup value, Rollup acc) {
        return acc == null ? value : acc.merge(value);
    }

    @Override
    public Rollup getResult(Rollup acc) {
        return acc;
    }

    @Override
    public Rollup merge(Rollup a, Rollup b) {
        return a == null ? b : b == null ? a : a.merge(b);
    }
}
