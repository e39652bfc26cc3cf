package no.varde.platform.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

            Thread.sleep(5_000);
            publisher.pause();
            assertThat(publisher.drain(Duration.ofSeconds(60))).as("every reading acknowledged after the changes").isTrue();
            // Moves event time past the hour so every minute and the hour close.
            long closer = base.plus(Duration.ofHours(1)).plus(Duration.ofMinutes(2)).getEpochSecond();
            publisher.publishAt(closer);
            assertThat(publisher.drain(Duration.ofSeconds(30))).isTrue();

            Set<AckedPublisher.Key> acked = publisher.acked();
            String url = Files.readString(dataDir.resolve("database-url")).strip();
            try (Connection db = DriverManager.getConnection(url)) {
                Set<AckedPublisher.Key> stored = StoredReadings.awaitAll(db, "load-", "air.pm2_5", acked, Duration.ofSeconds(120));
                Set<AckedPublisher.Key> lost = new HashSet<>(acked);
                lost.removeAll(stored);
                Instant closedBefore = Instant.ofEpochSecond(closer).truncatedTo(ChronoUnit.HOURS);
                List<String> minuteMismatches = StoredReadings.awaitRollupsMatch(db, "readings_1m", "minute", closedBefore, Duration.ofSeconds(120));
                List<String> hourMismatches = StoredReadings.awaitRollupsMatch(db, "readings_1h", "hour", closedBefore, Duration.ofSeconds(60));
                long minutes = StoredReadings.count(db, "SELECT count(*) FROM readings_1m WHERE device_id LIKE 'load-%' AND bucket < ?", closedBefore);
                System.out.printf("StateBackendSwitchTest: acked %d, stored %d, lost %d, closed 1-minute rollups %d%n", acked.size(),
                        stored.size(), lost.size(), minutes);

                assertThat(lost).as("acknowledged readings missing from `readings`").isEmpty();
                assertThat(minuteMismatches).as("1-minute rollups whose count differs from the stored readings").isEmpty();
                assertThat(hourMismatches).as("1-hour rollups whose count differs from the stored readings").isEmpty();
                assertThat(minutes).as("closed 1-minute rollups of the load devices").isGreaterThan(DEVICES);
            }
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
