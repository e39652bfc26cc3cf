package no.varde.streamjobs.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.runtime.state.storage.FileSystemCheckpointStorage;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A value kept live between checkpoints is in the snapshot exactly as it was at the barrier, on both
 * backends, restores, and goes when removed. The records between the barrier and the snapshot stand
 * for what the task processes while a heap snapshot is still being written on another thread.
 */
class LiveKeyedValueTest {
    @TempDir
    Path checkpoints;

    /** A mutable value, changed in place as the drift detector is. */
    public static final class Tally {
        public long count;
    }

    /** Counts words per key; "forget" removes the key's tally. Emits the count after each word. */
    static final class Counting extends KeyedProcessFunction<String, String, Long> implements WriteBackOperator.WritesBack<String> {
        private transient LiveKeyedValue<String, Tally> tallies;

        @Override
        public void open(OpenContext context) {
            tallies = new LiveKeyedValue<>(getRuntimeContext(), new ValueStateDescriptor<>("tally", TypeInformation.of(Tally.class)));
        }

        @Override
        public void processElement(String word, Context context, Collector<Long> out) throws Exception {
            String key = context.getCurrentKey();
            if (word.endsWith("forget")) {
                tallies.remove(key);
                return;
            }
            Tally t = tallies.get(key);
            if (t == null) {
                t = new Tally();
            }
            t.count++;
            tallies.changed(key, t);
            out.collect(t.count);
        }

        @Override
        public void writeBack(Consumer<String> makeCurrent, boolean copy) throws Exception {
            tallies.writeBack(makeCurrent, copy);
        }
    }

    private KeyedOneInputStreamOperatorTestHarness<String, String, Long> harness(String backend) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new WriteBackOperator<>(new Counting()), w -> w.substring(0, 1), Types.STRING);
        StateBackend state = backend.equals("rocksdb") ? new EmbeddedRocksDBStateBackend(true) : new HashMapStateBackend();
        h.setStateBackend(state);
        h.setCheckpointStorage(new FileSystemCheckpointStorage(checkpoints.toUri()));
        return h;
    }

    @ParameterizedTest
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void theSnapshotHoldsTheValueAtTheBarrierAndRestores(String backend) throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(backend)) {
            h.open();
            for (String w : new String[] {"a1", "a2", "b1", "a3"}) {
                h.processElement(new StreamRecord<>(w));
            }
            if (backend.equals("hashmap")) { // RocksDB cannot count its entries
                assertThat(h.numKeyedStateEntries()).as("nothing written before a checkpoint").isZero();
            }
            h.prepareSnapshotPreBarrier(1);
            h.processElement(new StreamRecord<>("a4")); // after the barrier: not in checkpoint 1
            h.processElement(new StreamRecord<>("c1"));
            snapshot = h.snapshot(1, 1);
        }
        try (var h = harness(backend)) {
            h.initializeState(snapshot);
            h.open();
            h.processElement(new StreamRecord<>("a4"));
            h.processElement(new StreamRecord<>("b2"));
            h.processElement(new StreamRecord<>("c1"));
            assertThat(h.extractOutputValues()).containsExactly(4L, 2L, 1L);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void aRemovedValueLeavesNothingLiveOrInState(String backend) throws Exception {
        try (var h = harness(backend)) {
            h.open();
            h.processElement(new StreamRecord<>("a1"));
            h.processElement(new StreamRecord<>("b1"));
            h.prepareSnapshotPreBarrier(1);
            h.processElement(new StreamRecord<>("a2"));
            h.processElement(new StreamRecord<>("a-forget"));
            h.prepareSnapshotPreBarrier(2);
            Counting counting = (Counting) ((WriteBackOperator<?, ?, ?>) h.getOperator()).getUserFunction();
            assertThat(counting.tallies.liveKeys()).isEqualTo(1);
            if (backend.equals("hashmap")) { // RocksDB cannot count its entries
                assertThat(h.numKeyedStateEntries()).isEqualTo(1);
            }
            h.processElement(new StreamRecord<>("a1"));
            assertThat(h.extractOutputValues()).containsExactly(1L, 1L, 2L, 1L);
        }
    }
}
