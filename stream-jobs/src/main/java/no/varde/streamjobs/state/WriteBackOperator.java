package no.varde.streamjobs.state;

import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;

/**
 * Flink's keyed process operator, which also lets its function write what it keeps live
 * ({@link LiveKeyedValue}) to Flink's state before each snapshot: {@code prepareSnapshotPreBarrier}
 * runs on the task's thread between two records, before the barrier is passed on, so what is written
 * belongs to exactly the records before the barrier. Flink calls it for every checkpoint and
 * savepoint; a test harness must call it itself before {@code snapshot}.
 */
public final class WriteBackOperator<K, IN, OUT> extends KeyedProcessOperator<K, IN, OUT> {
    private static final long serialVersionUID = 1L;

    /** A keyed function that keeps state live between checkpoints. */
    public interface WritesBack<K> {
        /** Writes what changed since the last call; see {@link LiveKeyedValue#writeBack}. */
        void writeBack(java.util.function.Consumer<K> makeCurrent, boolean copy) throws Exception;
    }

    public <F extends KeyedProcessFunction<K, IN, OUT> & WritesBack<K>> WriteBackOperator(F function) {
        super(function);
    }

    /** The operator that runs {@code function}: this one if it writes back, else Flink's. */
    public static <K, IN, OUT> KeyedProcessOperator<K, IN, OUT> of(KeyedProcessFunction<K, IN, OUT> function) {
        return function instanceof WritesBack<?> ? new WriteBackOperator<>(asWritesBack(function)) : new KeyedProcessOperator<>(function);
    }

    @SuppressWarnings("unchecked")
    private static <K, IN, OUT, F extends KeyedProcessFunction<K, IN, OUT> & WritesBack<K>> F asWritesBack(KeyedProcessFunction<K, IN, OUT> f) {
        return (F) f;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        Object current = getCurrentKey();
        // RocksDB serialises a value when it is written; the heap stores the object, so it gets a copy.
        boolean copy = !getKeyedStateBackend().isSafeToReuseKVState();
        ((WritesBack<K>) getUserFunction()).writeBack(this::setCurrentKey, copy);
        if (current != null) {
            setCurrentKey(current);
        }
    }
}
