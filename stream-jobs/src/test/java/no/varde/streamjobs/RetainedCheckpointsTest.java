package no.varde.streamjobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The newest complete checkpoint is found, a torn one is passed over, and old runs' directories are pruned. */
class RetainedCheckpointsTest {
    @TempDir
    Path dir;

    private Path checkpoint(String job, long id, long modifiedMillis, boolean complete) throws Exception {
        return point(dir.resolve(job).resolve("chk-" + id), id, modifiedMillis, complete);
    }

    private Path point(Path at, long id, long modifiedMillis, boolean complete) throws Exception {
        Path chk = Files.createDirectories(at);
        Path metadata = chk.resolve("_metadata");
        if (complete) {
            try (OutputStream out = Files.newOutputStream(metadata)) {
                Checkpoints.storeCheckpointMetadata(new CheckpointMetadata(id, List.of(), List.of()), out);
            }
        } else {
            Files.write(metadata, new byte[] {0x4a, 0x01});   // the process died while writing it
        }
        Files.setLastModifiedTime(metadata, FileTime.fromMillis(modifiedMillis));
        return chk;
    }

    @Test
    void theNewestCompleteCheckpointWinsATornOneIsPassedOver() throws Exception {
        checkpoint("run-a", 3, 1_000_000, true);
        Path newestComplete = checkpoint("run-b", 7, 2_000_000, true);
        checkpoint("run-c", 2, 3_000_000, false);
        assertThat(RetainedCheckpoints.latest(dir)).contains(newestComplete);
    }

    @Test
    void pruningKeepsTheRunsOfTheNewestCompleteCheckpoints() throws Exception {
        checkpoint("run-a", 3, 1_000_000, true);
        checkpoint("run-b", 7, 2_000_000, true);
        checkpoint("run-c", 9, 3_000_000, true);
        checkpoint("run-d", 2, 4_000_000, false);
        Files.createDirectories(dir.resolve("run-e/shared"));   // a run killed before its first checkpoint
        RetainedCheckpoints.prune(dir, 2);
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("run-b", "run-c");
        }
    }

    @Test
    void aCanonicalSavepointOfABackendChangeIsResumedAndKeptLikeACheckpoint() throws Exception {
        checkpoint("run-a", 3, 1_000_000, true);
        checkpoint("run-b", 7, 2_000_000, true);
        Path savepoint = point(dir.resolve("savepoints").resolve("savepoint-0a1b2c-d3e4f5a6b7c8"), 8, 3_000_000, true);
        point(dir.resolve("savepoints").resolve("savepoint-0a1b2c-99"), 9, 4_000_000, false);   // torn: the conversion was killed
        assertThat(RetainedCheckpoints.latest(dir)).contains(savepoint);
        assertThat(RetainedCheckpoints.canonicalSavepoint(savepoint)).isTrue();
        assertThat(RetainedCheckpoints.canonicalSavepoint(dir.resolve("run-b/chk-7"))).isFalse();

        RetainedCheckpoints.prune(dir, 2);
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("run-b", "savepoints");
        }
        // Once the new backend's run has checkpointed twice, the savepoint is an old run like any other.
        checkpoint("run-c", 1, 5_000_000, true);
        checkpoint("run-d", 1, 6_000_000, true);
        RetainedCheckpoints.prune(dir, 2);
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("run-c", "run-d");
        }
    }

    @Test
    void noCheckpointsNoResume() throws Exception {
        assertThat(RetainedCheckpoints.latest(dir.resolve("missing"))).isEmpty();
        assertThat(RetainedCheckpoints.latest(dir)).isEmpty();
    }
}
