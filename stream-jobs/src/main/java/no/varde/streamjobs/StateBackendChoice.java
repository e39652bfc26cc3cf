package no.varde.streamjobs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.rocksdb.CompressionType;

/**
 * Where the one-process platform's stream job keeps its keyed state (env {@code VARDE_STATE_BACKEND},
 * {@code varde run --state-backend}). A Flink cluster chooses in its own configuration
 * ({@code state.backend.type}); the job graph is the same either way.
 *
 * <ul>
 *   <li>{@link #HASHMAP} (default): objects on the heap, every checkpoint a full copy. Fastest per
 *       reading while the state fits the heap comfortably (tens of thousands of series).</li>
 *   <li>{@link #ROCKSDB}: serialised on local disk with an off-heap cache, checkpoints incremental
 *       (only the files written since the last one). For fleets whose state would fill the heap: the
 *       heap holds no state, and a checkpoint's cost follows what changed, not the whole state.</li>
 * </ul>
 */
public enum StateBackendChoice {
    HASHMAP("hashmap"),
    ROCKSDB("rocksdb");

    /**
     * Off-heap memory the job's RocksDB instances share (block cache and write buffers), unless
     * {@code VARDE_ROCKSDB_MEMORY} says otherwise. It has to hold the state that is read all the time:
     * the series detectors of 100,000 series (about 6 KB each when read) took under 750 readings/s
     * with 128 MB, 14,000 with 256 MB, 21,000 with 512 MB and 19,000 with 1 GB
     * ({@code bin/bench-state --series 100000 --readings 3 --only series --rocksdb}). With the
     * MiniCluster's 16 MB of managed memory the resend filter of 2,000 series took 27,000 readings/s,
     * with 32 or 128 MB 150,000. It is resident memory even for a medium fleet (10,000 devices: RSS
     * 1,127 MB with 512 MB, 793 MB with 128 MB), so a small fleet may give it less.
     */
    static final MemorySize ROCKSDB_MEMORY = MemorySize.parse("512m");

    /** RocksDB's memory: {@code VARDE_ROCKSDB_MEMORY} ("256m", "1g"), else {@link #ROCKSDB_MEMORY}. */
    public static MemorySize rocksDbMemory(Map<String, String> settings) {
        String text = settings.get("VARDE_ROCKSDB_MEMORY");
        if (text == null || text.isBlank()) {
            return ROCKSDB_MEMORY;
        }
        MemorySize size;
        try {
            size = MemorySize.parse(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("VARDE_ROCKSDB_MEMORY=" + text.strip() + " is not a size: write it as 256m or 1g", e);
        }
        if (size.getMebiBytes() < 32) {
            throw new IllegalArgumentException("VARDE_ROCKSDB_MEMORY=" + text.strip() + " is too small: give RocksDB at least 32m");
        }
        return size;
    }

    private final String flinkName;

    StateBackendChoice(String flinkName) {
        this.flinkName = flinkName;
    }

    /** Flink's name for it ({@code state.backend.type}). */
    public String flinkName() {
        return flinkName;
    }

    /** "hashmap" (or "heap") and "rocksdb", any case; null or blank is the default. */
    public static StateBackendChoice parse(String text) {
        if (text == null || text.isBlank()) {
            return HASHMAP;
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "hashmap", "heap" -> HASHMAP;
            case "rocksdb" -> ROCKSDB;
            default -> throw new IllegalArgumentException("unknown state backend '" + text.strip() + "': use hashmap or rocksdb");
        };
    }

    /** From {@code VARDE_STATE_BACKEND}. */
    public static StateBackendChoice fromSettings(Map<String, String> settings) {
        return parse(settings.get("VARDE_STATE_BACKEND"));
    }

    /** RocksDB's block size: a series detector's whole state in one block (see {@link #configure}). */
    static final MemorySize BLOCK_SIZE = MemorySize.parse("16kb");

    /** The file beside the checkpoints that says which backend wrote them. */
    static final String RECORD = "state-backend";

    /** The backend that wrote the checkpoints in {@code checkpointDir}: the heap's when none is recorded (the only one there was). */
    public static StateBackendChoice recorded(Path checkpointDir) throws IOException {
        Path record = checkpointDir.resolve(RECORD);
        return Files.exists(record) ? parse(Files.readString(record, StandardCharsets.UTF_8)) : HASHMAP;
    }

    /**
     * Whether this backend can resume from {@code resumeFrom} (null: nothing to resume): Flink reads
     * one backend's checkpoint with another only from a savepoint in the canonical format, and a heap
     * checkpoint read by RocksDB fails deep in the restore with an EOFException or an OutOfMemoryError
     * (found by {@code StateBackendEquivalenceTest}).
     */
    public boolean canResume(Path checkpointDir, Path resumeFrom) throws IOException {
        return resumeFrom == null || RetainedCheckpoints.canonicalSavepoint(resumeFrom) || recorded(checkpointDir) == this;
    }

    /**
     * Records this backend as the one writing the checkpoints in {@code checkpointDir}, after checking
     * that it can resume {@code resumeFrom} ({@link #canResume}). The platform converts the state first
     * when the backend changes ({@link StateBackendSwitch}), so this refusal is the last guard.
     *
     * @throws IllegalStateException naming both backends, when it cannot
     */
    public void claim(Path checkpointDir, Path resumeFrom) throws IOException {
        if (!canResume(checkpointDir, resumeFrom)) {
            throw new IllegalStateException("the checkpoint " + resumeFrom + " was written by the " + recorded(checkpointDir).flinkName
                    + " state backend, and Flink cannot resume it with " + flinkName + " (only a canonical savepoint changes backends)");
        }
        Files.createDirectories(checkpointDir);
        Files.writeString(checkpointDir.resolve(RECORD), flinkName + "\n", StandardCharsets.UTF_8);
    }

    /**
     * Sets the backend in {@code conf}. RocksDB keeps its working files under {@code workingDir}
     * (a copy that a restart rebuilds from the checkpoint, so it need not survive) and gets memory of
     * its own: the MiniCluster's small managed memory would starve its cache.
     */
    public void configure(Configuration conf, Path workingDir, MemorySize rocksDbMemory) {
        conf.set(StateBackendOptions.STATE_BACKEND, flinkName);
        if (this == ROCKSDB) {
            conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
            if (workingDir != null) {
                conf.set(RocksDBOptions.LOCAL_DIRECTORIES, workingDir.toAbsolutePath().toString());
            }
            // Per slot: at parallelism 1 every operator shares one slot, so this is all RocksDB gets.
            conf.set(RocksDBOptions.FIX_PER_SLOT_MEMORY_SIZE, rocksDbMemory);
            // A series detector's state is one 6-15 KB value read and written back at every reading. With
            // RocksDB's 4 KB blocks and Snappy each read decompressed three or four blocks; LZ4 decompresses
            // faster and 16 KB blocks hold a value whole. bin/bench-state --rocksdb, 10,000 series x 48 readings,
            // three runs each: 31,000-35,000 -> 38,000-50,000 readings/s through the series detectors, the
            // checkpoint 151 -> 78 MB; the small values (resend filter, silence) unchanged (docs/architecture.md).
            conf.set(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL, List.of(CompressionType.LZ4_COMPRESSION));
            conf.set(RocksDBConfigurableOptions.BLOCK_SIZE, BLOCK_SIZE);
        }
    }
}
