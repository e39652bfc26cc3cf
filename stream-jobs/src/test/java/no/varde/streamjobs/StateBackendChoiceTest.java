package no.varde.streamjobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.StateBackendOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The platform's choice of state backend: read from the environment, set in Flink's configuration, and kept with the checkpoints. */
class StateBackendChoiceTest {
    @TempDir
    Path dir;

    @Test
    void isReadFromTheEnvironmentWithTheHeapByDefaultAndAClearErrorOtherwise() {
        assertThat(StateBackendChoice.fromSettings(Map.of())).isEqualTo(StateBackendChoice.HASHMAP);
        assertThat(StateBackendChoice.fromSettings(Map.of("VARDE_STATE_BACKEND", " RocksDB "))).isEqualTo(StateBackendChoice.ROCKSDB);
        assertThat(StateBackendChoice.parse("heap")).isEqualTo(StateBackendChoice.HASHMAP);
        assertThatThrownBy(() -> StateBackendChoice.parse("forst")).hasMessageContaining("unknown state backend 'forst'")
                .hasMessageContaining("hashmap or rocksdb");
    }

    @Test
    void rocksDbIsIncrementalWithItsOwnMemoryAndWorkingDirectory() {
        Configuration conf = new Configuration();
        StateBackendChoice.ROCKSDB.configure(conf, dir.resolve("rocksdb"), StateBackendChoice.rocksDbMemory(Map.of()));
        assertThat(conf.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
        assertThat(conf.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isTrue();
        assertThat(conf.get(org.apache.flink.state.rocksdb.RocksDBOptions.FIX_PER_SLOT_MEMORY_SIZE)).isEqualTo(StateBackendChoice.ROCKSDB_MEMORY);
        assertThat(conf.get(org.apache.flink.state.rocksdb.RocksDBOptions.LOCAL_DIRECTORIES)).isEqualTo(dir.resolve("rocksdb").toString());
        // LZ4 and 16 KB blocks: a series detector's state read back whole from one block (bin/bench-state --rocksdb measures it).
        assertThat(conf.get(org.apache.flink.state.rocksdb.RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL))
                .containsExactly(org.rocksdb.CompressionType.LZ4_COMPRESSION);
        assertThat(conf.get(org.apache.flink.state.rocksdb.RocksDBConfigurableOptions.BLOCK_SIZE)).isEqualTo(MemorySize.parse("16kb"));

        Configuration heap = new Configuration();
        StateBackendChoice.HASHMAP.configure(heap, dir, StateBackendChoice.ROCKSDB_MEMORY);
        assertThat(heap.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("hashmap");
        assertThat(heap.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isFalse();
    }

    @Test
    void rocksDbMemoryIsReadFromTheEnvironmentWithAClearErrorOtherwise() {
        assertThat(StateBackendChoice.rocksDbMemory(Map.of()).getMebiBytes()).isEqualTo(512);
        assertThat(StateBackendChoice.rocksDbMemory(Map.of("VARDE_ROCKSDB_MEMORY", " 1g ")).getMebiBytes()).isEqualTo(1024);
        Configuration conf = new Configuration();
        StateBackendChoice.ROCKSDB.configure(conf, dir, StateBackendChoice.rocksDbMemory(Map.of("VARDE_ROCKSDB_MEMORY", "256m")));
        assertThat(conf.get(org.apache.flink.state.rocksdb.RocksDBOptions.FIX_PER_SLOT_MEMORY_SIZE).getMebiBytes()).isEqualTo(256);
        assertThatThrownBy(() -> StateBackendChoice.rocksDbMemory(Map.of("VARDE_ROCKSDB_MEMORY", "lots")))
                .hasMessageContaining("VARDE_ROCKSDB_MEMORY=lots is not a size").hasMessageContaining("256m or 1g");
        assertThatThrownBy(() -> StateBackendChoice.rocksDbMemory(Map.of("VARDE_ROCKSDB_MEMORY", "4m")))
                .hasMessageContaining("too small").hasMessageContaining("at least 32m");
    }

    @Test
    void checkpointsAreResumedOnlyByTheBackendThatWroteThemAndCanonicalSavepointsByAny() throws Exception {
        Path checkpoints = dir.resolve("checkpoints");
        Path checkpoint = checkpoints.resolve("0123abcd").resolve("chk-7");
        Path savepoint = checkpoints.resolve("savepoints").resolve("savepoint-0123ab-4567cdef");
        StateBackendChoice.ROCKSDB.claim(checkpoints, null);
        StateBackendChoice.ROCKSDB.claim(checkpoints, checkpoint);
        assertThat(StateBackendChoice.HASHMAP.canResume(checkpoints, checkpoint)).isFalse();
        assertThatThrownBy(() -> StateBackendChoice.HASHMAP.claim(checkpoints, checkpoint)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("written by the rocksdb state backend").hasMessageContaining("cannot resume it with hashmap");
        assertThat(Files.readString(checkpoints.resolve(StateBackendChoice.RECORD)).strip()).isEqualTo("rocksdb");
        // A canonical savepoint is read by either backend, and the one that claims it writes from then on.
        assertThat(StateBackendChoice.HASHMAP.canResume(checkpoints, savepoint)).isTrue();
        StateBackendChoice.HASHMAP.claim(checkpoints, savepoint);
        assertThat(StateBackendChoice.recorded(checkpoints)).isEqualTo(StateBackendChoice.HASHMAP);

        // A data directory from before the record was kept holds heap checkpoints.
        Path older = dir.resolve("older");
        Files.createDirectories(older);
        assertThatThrownBy(() -> StateBackendChoice.ROCKSDB.claim(older, checkpoint)).hasMessageContaining("written by the hashmap state backend");
        StateBackendChoice.HASHMAP.claim(older, checkpoint);
        // With nothing to resume, any backend may start afresh.
        StateBackendChoice.ROCKSDB.claim(older, null);
        assertThat(Files.readString(older.resolve(StateBackendChoice.RECORD)).strip()).isEqualTo("rocksdb");
    }
}
