package no.varde.platform.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import no.varde.embedded.FreePorts;
import no.varde.simulator.Fleet;
import no.varde.simulator.SimulatedDevice;
import no.varde.streamjobs.RetainedCheckpoints;
import no.varde.streamjobs.StateBackendChoice;
import org.junit.jupiter.api.Test;

/**
 * A data directory's stream-job state moves from the heap to RocksDB and back while devices keep
 * publishing: {@code varde run --state-backend} on a data directory whose checkpoints another
 * backend wrote converts them through a canonical savepoint, and no acknowledged reading is lost
 * or counted twice in a rollup across either change.
 */
class StateBackendSwitchTest {
    private static final int DEVICES = 12;
    private static final Duration UP = Duration.ofSeconds(180);

    @Test
    void stateMovesToRocksDbAndBackWithoutLosingAReadingOrCountingOneTwice() throws Exception {
        Path root = Path.of("target", "state-backend-switch").toAbsolutePath();
        StoredReadings.deleteRecursively(root);
        Path dataDir = root.resolve("varde-data");
        Path checkpoints = dataDir.resolve("checkpoints");
        Path log = root.resolve("platform.log");
        Files.createDirectories(root);
        int mqttPort = FreePorts.find();
        int httpPort = FreePorts.find();
        // The environment says hashmap throughout; the option says what each run asks for.
        Map<String, String> env = Map.of("VARDE_STATE_BACKEND", "hashmap");
        System.out.println("StateBackendSwitchTest: platform log " + log);

        PlatformProcess platform = PlatformProcess.start(env, dataDir, mqttPort, httpPort, log,
                "--load-devices", Integer.toString(DEVICES), "--load-token-iterations", "10000");
        Instant base = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.HOURS);
        AckedPublisher publisher = null;
        try {
            platform.awaitUp(UP);
            Map<String, String> tokens = new LinkedHashMap<>();
            for (SimulatedDevice d : Fleet.read(dataDir.resolve("load-fleet.csv")).devices()) {
                tokens.put(d.id(), d.token());
            }
            publisher = new AckedPublisher("tcp://127.0.0.1:" + mqttPort, tokens, base);
            publisher.start(50);

            String from = "hashmap";
            for (String to : List.of("rocksdb", "hashmap")) {
                // The run must have checkpointed on its own backend, or there is nothing to convert.
                awaitCheckpointOfThisRun(checkpoints, Duration.ofSeconds(60));
                int ackedBefore = publisher.ackedCount();
                assertThat(platform.stop(Duration.ofSeconds(60))).as("exit code of a stop by SIGTERM").isIn(0, 143);
                long stoppedAt = System.nanoTime();
                platform = PlatformProcess.start(env, dataDir, mqttPort, httpPort, log, "--state-backend", to);
                platform.awaitUp(UP);
                System.out.printf("StateBackendSwitchTest: %s -> %s, %d readings acknowledged before, up again after %.1f s%n",
                        from, to, ackedBefore, (System.nanoTime() - stoppedAt) / 1e9);
                assertThat(platform.log()).contains("State converted from " + from + " to " + to);
                assertThat(StateBackendChoice.recorded(checkpoints)).isEqualTo(StateBackendChoice.parse(to));
                from = to;
            }
            assertThat(platform.log()).contains("local MiniCluster (rocksdb state)").contains("local MiniCluster (hashmap state)")
                    .contains("resumed from checkpoints/savepoints/savepoint-");

            LoadVerdict verdict = LoadVerdict.closeAndRead(publisher, dataDir, base, "after the changes");
            System.out.printf("StateBackendSwitchTest: acked %d, stored %d, lost %d, closed 1-minute rollups %d%n", verdict.acked().size(),
                    verdict.stored().size(), verdict.lost().size(), verdict.closedMinutes());
            verdict.assertNothingLostAndRollupsExact(DEVICES);
        } finally {
            if (publisher != null) {
                publisher.close();
            }
            platform.stop(Duration.ofSeconds(60));
        }
    }

    /** Waits until the newest checkpoint is one of this run's own, not the savepoint it started from. */
    private static void awaitCheckpointOfThisRun(Path checkpoints, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Path> latest = RetainedCheckpoints.latest(checkpoints);
            if (latest.isPresent() && !RetainedCheckpoints.canonicalSavepoint(latest.get())) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no checkpoint in " + checkpoints + " within " + timeout);
    }
}
