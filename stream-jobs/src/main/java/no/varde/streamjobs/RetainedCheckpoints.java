package no.varde.streamjobs;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoints a stopped or killed job left in its checkpoint directory
 * ({@code <dir>/<job id>/chk-<n>/_metadata}), newest first, so the next run of the job resumes
 * from the newest one that is whole: its Kafka offsets, its windows, its detectors' state. A
 * checkpoint whose metadata cannot be read (the process died while writing it) is passed over.
 * The canonical savepoints that a change of state backend writes ({@code <dir>/savepoints/savepoint-…},
 * {@link StateBackendSwitch}) count as checkpoints here: they are where the first run on the new
 * backend starts from, and where a run killed before its first checkpoint starts again.
 */
public final class RetainedCheckpoints {
    private static final Logger LOG = LoggerFactory.getLogger(RetainedCheckpoints.class);
    private static final String METADATA = "_metadata";

    private RetainedCheckpoints() {
    }

    /** The newest complete checkpoint under {@code checkpointDir}, if any. */
    public static Optional<Path> latest(Path checkpointDir) throws IOException {
        for (Path candidate : newestFirst(checkpointDir)) {
            if (readable(candidate.resolve(METADATA))) {
                return Optional.of(candidate);
            }
            LOG.warn("Checkpoint {} is incomplete (its metadata does not read back); trying an older one", candidate);
        }
        return Optional.empty();
    }

    /**
     * Keeps the checkpoint directories of the {@code runs} most recent runs that left a complete
     * checkpoint and removes the others (each run of the job writes under a new job id, and old
     * ones would pile up). More than one is kept on purpose: the new run restores without claiming
     * (restore mode NO_CLAIM), so the checkpoint it started from stays whole, and if a power cut
     * damages the newest checkpoint before it reaches the disk, the one before it is still there.
     */
    public static void prune(Path checkpointDir, int runs) throws IOException {
        if (!Files.isDirectory(checkpointDir)) {
            return;
        }
        java.util.Set<Path> keep = new java.util.HashSet<>();
        for (Path candidate : newestFirst(checkpointDir)) {
            if (keep.size() < runs && readable(candidate.resolve(METADATA))) {
                keep.add(candidate.getParent());
            }
        }
        try (Stream<Path> jobs = Files.list(checkpointDir)) {
            for (Path job : jobs.filter(Files::isDirectory).toList()) {
                if (!keep.contains(job)) {
                    deleteRecursively(job);
                }
            }
        }
    }

    /** Whether {@code point} is a savepoint in Flink's canonical format, which every state backend reads. */
    public static boolean canonicalSavepoint(Path point) {
        return point.getFileName().toString().startsWith(SAVEPOINT_PREFIX);
    }

    /** Where {@link StateBackendSwitch} writes its canonical savepoints. */
    static Path savepointDirectory(Path checkpointDir) {
        return checkpointDir.resolve("savepoints");
    }

    private static final String SAVEPOINT_PREFIX = "savepoint-";

    static List<Path> newestFirst(Path checkpointDir) throws IOException {
        if (!Files.isDirectory(checkpointDir)) {
            return List.of();
        }
        try (Stream<Path> found = Files.find(checkpointDir, 2, (p, attrs) -> attrs.isDirectory()
                && (p.getFileName().toString().matches("chk-\\d+") || canonicalSavepoint(p)) && Files.exists(p.resolve(METADATA)))) {
            return found.sorted(Comparator.comparing(RetainedCheckpoints::modified).reversed()
                    .thenComparing(RetainedCheckpoints::number, Comparator.reverseOrder())).toList();
        }
    }

    private static boolean readable(Path metadata) {
        try (InputStream in = Files.newInputStream(metadata); DataInputStream data = new DataInputStream(in)) {
            Checkpoints.loadCheckpointMetadata(data, RetainedCheckpoints.class.getClassLoader(), metadata.getParent().toString());
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static long modified(Path chk) {
        try {
            return Files.getLastModifiedTime(chk.resolve(METADATA)).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    /** A checkpoint's number; a savepoint (the same age as a checkpoint only by accident) sorts after it. */
    private static long number(Path chk) {
        return canonicalSavepoint(chk) ? -1 : Long.parseLong(chk.getFileName().toString().substring("chk-".length()));
    }

    private static void deleteRecursively(Path path) throws IOException {
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
