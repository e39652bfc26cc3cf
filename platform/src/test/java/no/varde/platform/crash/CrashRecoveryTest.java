package no.varde.platform.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import no.varde.embedded.FreePorts;
import no.varde.streamjobs.RetainedCheckpoints;
import no.varde.simulator.Fleet;
import no.varde.simulator.SimulatedDevice;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The one-node install's promise, tested the way a power cut tests it: {@code varde run} runs as a
 * child process on a durable data directory while devices publish QoS 1 readings; it is killed
 * with SIGKILL at random moments (once alone, leaving its PostgreSQL running as an orphan; once
 * with its PostgreSQL, which then recovers from its write-ahead log), restarted on the same
 * directory, and the devices resend what was not acknowledged. Afterwards every acknowledged
 * reading is stored exactly once and every 1-minute and 1-hour rollup counts exactly the stored
 * readings of its bucket: the job resumed from its checkpoint instead of overwriting minutes
 * with what came after the restart.
 */
class CrashRecoveryTest {
    private static final int DEVICES = 12;
    private static final Duration UP = Duration.ofSeconds(150);

    private record Kill(int n, String what, double afterSeconds, int ackedBefore, double recoverySeconds) {
    }

    /**
     * On either state backend: RocksDB resumes from incremental checkpoints, the heap from full ones.
     * The heap is chosen through the environment; RocksDB through {@code --state-backend} and
     * {@code --rocksdb-memory}, over an environment that says hashmap, so the options are seen to win.
     */
    @ParameterizedTest
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void acknowledgedReadingsSurviveSigkillsAndRollupsCountEachOnce(String stateBackend) throws Exception {
        boolean byOption = stateBackend.equals("rocksdb");
        Map<String, String> env = Map.of("VARDE_STATE_BACKEND", byOption ? "hashmap" : stateBackend);
        String[] backendOptions = byOption ? new String[] {"--state-backend", stateBackend, "--rocksdb-memory", "256m"} : new String[0];
        Path root = Path.of("target", "crash-recovery-" + stateBackend).toAbsolutePath();
        StoredReadings.deleteRecursively(root);
        Path dataDir = root.resolve("varde-data");
        Path log = root.resolve("platform.log");
        Files.createDirectories(root);
        int mqttPort = FreePorts.find();
        int httpPort = FreePorts.find();
        long seed = System.nanoTime();
        Random random = new Random(seed);
        System.out.println("CrashRecoveryTest: " + stateBackend + " state, seed " + seed + ", platform log " + log);

        PlatformProcess platform = PlatformProcess.start(env, dataDir, mqttPort, httpPort, log,
                concat(backendOptions, "--load-devices", Integer.toString(DEVICES), "--load-token-iterations", "10000"));
        List<Kill> kills = new ArrayList<>();
        Instant base = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.HOURS);
        AckedPublisher publisher = null;
        try {
            platform.awaitUp(UP);
            String adminToken = Files.readString(dataDir.resolve("admin-token"));
            Map<String, String> tokens = new LinkedHashMap<>();
            for (SimulatedDevice d : Fleet.read(dataDir.resolve("load-fleet.csv")).devices()) {
                tokens.put(d.id(), d.token());
            }
            assertThat(tokens).hasSize(DEVICES);
            publisher = new AckedPublisher("tcp://127.0.0.1:" + mqttPort, tokens, base);
            publisher.start(50);

            for (int n = 1; n <= 2; n++) {
                long waitFrom = System.nanoTime();
                Thread.sleep((long) ((6 + 10 * random.nextDouble()) * 1000));
                // The test is about resuming: a kill before the job's first checkpoint completed would
                // start it from scratch (and the log check below would fail on timing, not on a defect).
                awaitCompleteCheckpoint(dataDir.resolve("checkpoints"), Duration.ofSeconds(90));
                double after = (System.nanoTime() - waitFrom) / 1e9;
                int ackedBefore = publisher.ackedCount();
                long killedAt = System.nanoTime();
                platform.kill();
                String what = "platform JVM";
                if (n == 2) {
                    // The database goes down with it: PostgreSQL must recover its committed rows from the WAL.
                    ProcessHandle pg = PlatformProcess.postmaster(dataDir).orElseThrow();
                    pg.destroyForcibly();
                    pg.onExit().get();
                    what = "platform JVM + PostgreSQL";
                } else {
                    assertThat(PlatformProcess.postmaster(dataDir)).as("the killed platform's PostgreSQL is left running").isPresent();
                }
                platform = PlatformProcess.start(env, dataDir, mqttPort, httpPort, log, backendOptions);
                platform.awaitUp(UP);
                kills.add(new Kill(n, what, after, ackedBefore, (System.nanoTime() - killedAt) / 1e9));
                // Devices, their tokens and the admin token came back with the data directory.
                assertThat(Files.readString(dataDir.resolve("admin-token"))).isEqualTo(adminToken);
            }
            LoadVerdict verdict = LoadVerdict.closeAndRead(publisher, dataDir, base, "after the restarts");
            System.out.println(report(kills, verdict.acked().size(), verdict.stored().size(), verdict.lost().size(), verdict.unexpected().size(),
                    verdict.doubled(), verdict.closedMinutes(), publisher.resent(), stateBackend + " state, seed " + seed));
            verdict.assertNothingLostAndRollupsExact(DEVICES);
            assertThat(verdict.unexpected()).as("stored readings nobody sent").isEmpty();
            assertThat(platform.log()).contains("resumed from checkpoints/").contains("(" + stateBackend + " state)");
            if (byOption) {
                assertThat(platform.log()).contains("of memory of its own").contains(org.apache.flink.configuration.MemorySize.parse("256m").toHumanReadableString());
            }
        } finally {
            if (publisher != null) {
                publisher.close();
            }
            int exit = platform.stop(Duration.ofSeconds(60));
            System.out.println("CrashRecoveryTest: platform stopped with exit code " + exit);
        }
        // A clean stop leaves no PostgreSQL behind.
        assertThat(PlatformProcess.postmaster(dataDir)).isEmpty();
    }

    private static void awaitCompleteCheckpoint(Path checkpoints, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (RetainedCheckpoints.latest(checkpoints).isEmpty()) {
            assertThat(System.nanoTime()).as("a complete checkpoint under " + checkpoints + " within " + timeout).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static String report(List<Kill> kills, int acked, int stored, int lost, int unexpected, long doubled, long minutes,
                                 long resent, String run) {
        StringBuilder b = new StringBuilder("\nCrash recovery of `varde run` (" + run + ")\n");
        b.append(String.format(Locale.ROOT, "| %-4s | %-26s | %-12s | %-14s | %-12s |%n", "kill", "SIGKILL of", "after (s)", "acked before", "recovery (s)"));
        for (Kill k : kills) {
            b.append(String.format(Locale.ROOT, "| %-4d | %-26s | %12.1f | %14d | %12.1f |%n", k.n(), k.what(), k.afterSeconds(), k.ackedBefore(),
                    k.recoverySeconds()));
        }
        b.append(String.format(Locale.ROOT, "acked %d, stored %d, lost %d, stored but never acked %d, doubled in rollups %d "
                + "(%d closed 1-minute rollups checked), resent after reconnects %d%n", acked, stored, lost, unexpected, doubled, minutes, resent));
        return b.toString();
    }

    private static String[] concat(String[] first, String... rest) {
        String[] all = java.util.Arrays.copyOf(first, first.length + rest.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }
}
