package no.varde.streamjobs;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A Flink MiniCluster inside this JVM, sized for the one-process platform on a small machine:
 * parallelism 1, little managed and network memory. The job graph is the cluster's one.
 */
public final class LocalFlink {
    private static final String LOOPBACK = "127.0.0.1";

    private LocalFlink() {
    }

    /** Checkpoints kept in the JobManager's memory: for tests with little state. */
    public static StreamExecutionEnvironment environment() {
        return environment(null);
    }

    /**
     * Checkpoints written to {@code checkpointDir}. The one-process platform needs this: the
     * JobManager's memory storage refuses state above 5 MB, which the 1-minute windows of some
     * thousand series exceed (found by {@code varde bench} with 10,000 devices: every checkpoint
     * failed and the job restarted in a loop).
     */
    public static StreamExecutionEnvironment environment(java.nio.file.Path checkpointDir) {
        return environment(checkpointDir, null);
    }

    /**
     * As {@link #environment(java.nio.file.Path)}, keeping checkpoints when the job is cancelled
     * or killed, and starting from {@code restoreFrom} (a retained checkpoint) when given: how
     * the platform resumes after a crash without losing a reading or repeating an anomaly.
     */
    public static StreamExecutionEnvironment environment(java.nio.file.Path checkpointDir, java.nio.file.Path restoreFrom) {
        return environment(checkpointDir, restoreFrom, 0);
    }

    /**
     * As {@link #environment(java.nio.file.Path, java.nio.file.Path)}, with the MiniCluster's REST
     * endpoint on {@code restPort} (0: any free port), where the platform asks whether every task
     * of the job is running. That endpoint is Flink's monitoring API, which can also cancel jobs and
     * has no authentication, so it listens on the loopback interface only (by default it listened on
     * every interface).
     */
    public static StreamExecutionEnvironment environment(java.nio.file.Path checkpointDir, java.nio.file.Path restoreFrom, int restPort) {
        return environment(checkpointDir, restoreFrom, restPort, StateBackendChoice.HASHMAP, StateBackendChoice.ROCKSDB_MEMORY);
    }

    /**
     * As {@link #environment(java.nio.file.Path, java.nio.file.Path, int)}, keeping keyed state in
     * {@code backend}; RocksDB's working files go beside the checkpoints, in {@code rocksdb}, with
     * {@code rocksDbMemory} of its own (unused on the heap backend).
     */
    public static StreamExecutionEnvironment environment(java.nio.file.Path checkpointDir, java.nio.file.Path restoreFrom, int restPort,
                                                         StateBackendChoice backend, MemorySize rocksDbMemory) {
        Configuration conf = new Configuration();
        conf.set(RestOptions.ADDRESS, LOOPBACK);
        conf.set(RestOptions.BIND_ADDRESS, LOOPBACK);
        conf.set(RestOptions.BIND_PORT, String.valueOf(restPort));
        if (restoreFrom != null) {
            conf.set(org.apache.flink.configuration.StateRecoveryOptions.SAVEPOINT_PATH, restoreFrom.toUri().toString());
            // Restore mode NO_CLAIM (the default): the checkpoint it started from stays whole, as a fallback
            // should the new run's first checkpoints be lost; RetainedCheckpoints.prune removes old runs' ones.
        }
        if (checkpointDir != null) {
            conf.set(org.apache.flink.configuration.CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                    org.apache.flink.configuration.ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
            conf.set(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            conf.set(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir.toUri().toString());
        }
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("16m"));
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.parse("16m"));
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.parse("16m"));
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, 4);
        backend.configure(conf, checkpointDir == null ? null : checkpointDir.resolveSibling("rocksdb"), rocksDbMemory);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        return env;
    }
}
