package no.varde.streamjobs;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the one-process platform's stream-job state to another state backend, keeping what the
 * detectors learnt, the open windows and the Kafka offsets: the job resumes its last checkpoint on
 * the backend that wrote it and stops at once with a savepoint in Flink's canonical format, which
 * every backend reads; the first run on the new backend starts from that savepoint.
 *
 * <p>Why it is needed: a checkpoint is in its backend's own format, and a municipality whose fleet
 * outgrows the heap must be able to move to RocksDB without throwing away weeks of learning.
 *
 * <p>Crash safety: the savepoint is written under the checkpoint directory
 * ({@link RetainedCheckpoints}), and the backend record changes only after it is whole. A crash
 * during the conversion leaves the old checkpoint and the old record, and the next start converts
 * again; a crash after it starts the new backend from the savepoint.
 */
public final class StateBackendSwitch {
    private static final Logger LOG = LoggerFactory.getLogger(StateBackendSwitch.class);
    private static final long RETRY_MILLIS = 500;

    private StateBackendSwitch() {
    }

    /**
     * The state of {@code resumeFrom}, written by the backend recorded in {@code checkpointDir}, as a
     * canonical savepoint that {@code to} resumes; logs what it does and how long it took.
     */
    public static Path convert(Path checkpointDir, Path resumeFrom, StateBackendChoice to, MemorySize rocksDbMemory,
                               Consumer<StreamExecutionEnvironment> graph, String jobName, Duration timeout) throws Exception {
        StateBackendChoice from = StateBackendChoice.recorded(checkpointDir);
        LOG.info("The stream job's state was kept by the {} backend and {} is asked for: converting {} through a canonical savepoint "
                + "(the job resumes on {} and stops with the savepoint once every task runs)", from.flinkName(), to.flinkName(),
                checkpointDir.relativize(resumeFrom), from.flinkName());
        long started = System.nanoTime();
        Path savepoint = toCanonicalSavepoint(checkpointDir, resumeFrom, from, rocksDbMemory, graph, jobName, timeout);
        LOG.info("State converted from {} to {} in {} s: checkpoints/{}", from.flinkName(), to.flinkName(),
                String.format(Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e9), checkpointDir.relativize(savepoint));
        return savepoint;
    }

    /**
     * Runs the job built by {@code graph} from {@code resumeFrom} on {@code from} and stops it with a
     * canonical savepoint under {@code checkpointDir}.
     *
     * @return the savepoint's directory, to resume from on any backend
     */
    static Path toCanonicalSavepoint(Path checkpointDir, Path resumeFrom, StateBackendChoice from, MemorySize rocksDbMemory,
                                            Consumer<StreamExecutionEnvironment> graph, String jobName, Duration timeout) throws Exception {
        StreamExecutionEnvironment env = LocalFlink.environment(checkpointDir, resumeFrom, 0, from, rocksDbMemory);
        graph.accept(env);
        JobClient job = env.executeAsync(jobName + " (state conversion)");
        long deadline = System.nanoTime() + timeout.toNanos();
        String target = RetainedCheckpoints.savepointDirectory(checkpointDir).toUri().toString();
        try {
            String savepoint = stopWithSavepoint(job, target, deadline);
            // The job's MiniCluster stops with it; wait for that, so the new run does not share its RocksDB files or ports.
            job.getJobExecutionResult().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
            return savepoint.startsWith("file:") ? Path.of(URI.create(savepoint)) : Path.of(savepoint);
        } catch (Exception e) {
            job.cancel();
            throw e;
        }
    }

    /** A savepoint can be taken only once every task is running; until then Flink refuses it, and this asks again. */
    private static String stopWithSavepoint(JobClient job, String target, long deadline) throws Exception {
        while (true) {
            try {
                return job.stopWithSavepoint(false, target, SavepointFormatType.CANONICAL).get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_MILLIS) > deadline) {
                    throw new TimeoutException("no canonical savepoint of the stream job before the deadline: " + e.getCause());
                }
                LOG.debug("Savepoint refused ({}); asking again", e.getCause().toString());
                Thread.sleep(RETRY_MILLIS);
            }
        }
    }

    private static long remainingMillis(long deadline) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }
}
