package no.varde.platform.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import no.varde.model.DeviceKind;
import no.varde.storage.Databases;
import no.varde.storage.Device;
import no.varde.storage.DeviceRepository;
import no.varde.storage.TokenHasher;
import no.varde.testsupport.Sql;
import org.junit.jupiter.api.Test;

/**
 * The distributed shape under faults, on this machine as separate processes (deploy/local/cluster):
 * Kafka broker, Flink JobManager and two TaskManagers, two ingest instances behind HAProxy,
 * alerting, PostgreSQL 15. While devices publish QoS 1 readings through HAProxy, one ingest instance
 * and one TaskManager are killed with SIGKILL, PostgreSQL is restarted and the Kafka broker is
 * killed and restarted. Afterwards every acknowledged reading is stored once, every closed 1-minute
 * rollup counts exactly its stored readings, and the one limit breach raised one alert with one
 * opening notification. Runs in the Maven profile {@code cluster-faults} (it needs HAProxy and the
 * machine's PostgreSQL on 5432, which it restarts), from {@code .ci/run}.
 */
class ClusterFaultTest {
    private static final int DEVICES = 12;
    private static final String ZONE = "Faultville";
    private static final String LOW = "faults-w-01";
    private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(180);

    private record Fault(String name, long fromSecond, long toSecond, double recoverySeconds, int ackedDuring) {
    }

    private interface Step {
        void run() throws Exception;
    }

    @Test
    void acknowledgedReadingsSurviveKilledIngestKilledTaskManagerAndRestartedDatabaseAndBroker() throws Exception {
        Path root = Path.of("target", "cluster-faults").toAbsolutePath();
        StoredReadings.deleteRecursively(root);
        Files.createDirectories(root);
        LocalCluster cluster = new LocalCluster(root.resolve("state"), "varde_faults_" + System.currentTimeMillis(), root.resolve("cluster.log"));
        System.out.println("ClusterFaultTest: cluster log " + root.resolve("cluster.log"));
        AckedPublisher publisher = null;
        List<Fault> faults = new ArrayList<>();
        try {
            long upStarted = System.nanoTime();
            cluster.run("up");
            System.out.printf(Locale.ROOT, "ClusterFaultTest: cluster up in %.0f s%n", (System.nanoTime() - upStarted) / 1e9);
            DataSource db = Databases.dataSource(cluster.jdbcUrl(), null, null);
            Map<String, String> tokens = register(db);
            Instant base = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MINUTES);
            // One device reports a mains pressure below the 2 bar limit all along: one alert, however often it is replayed.
            publisher = new AckedPublisher("tcp://127.0.0.1:" + LocalCluster.MQTT_PORT, tokens, base, "water.pressure",
                    key -> key.device().equals(LOW) ? 1.2 : 4.0 + (key.epochSecond() % 7) / 10.0);
            publisher.start(100);
            AckedPublisher load = publisher;
            awaitTrue(Duration.ofSeconds(60), () -> load.ackedCount() > 5 * DEVICES);
            Thread.sleep(10_000);

            faults.add(fault(cluster, "kill -9 ingest-1", load, () -> cluster.run("kill", "ingest-1"),
                    acksFlowing(load), () -> cluster.run("start", "ingest-1")));
            long restarts = cluster.restarts();
            faults.add(fault(cluster, "kill -9 taskmanager-1", load, () -> cluster.run("kill", "taskmanager-1"),
                    () -> cluster.jobFullyRunning() && restartsAbove(cluster, restarts), () -> cluster.run("start", "taskmanager-1")));
            long restartsBeforeDb = cluster.restarts();
            long storedBeforeDb = Sql.count(db, "SELECT count(*) FROM readings WHERE device_id LIKE 'faults-%'");
            faults.add(fault(cluster, "restart PostgreSQL", load, ClusterFaultTest::restartPostgres,
                    () -> cluster.jobFullyRunning() && storedAbove(db, storedBeforeDb + DEVICES), () -> { }));
            System.out.println("ClusterFaultTest: job restarts during the database restart: " + (cluster.restarts() - restartsBeforeDb));
            BooleanSupplier acksAfterKafka = acksFlowing(load);
            faults.add(fault(cluster, "kill -9 Kafka, restart", load, () -> {
                cluster.run("kill", "kafka");
                cluster.run("start", "kafka");
            }, () -> acksAfterKafka.getAsBoolean() && cluster.jobFullyRunning(), () -> { }));

            publisher.pause();
            assertThat(publisher.drain(Duration.ofSeconds(120))).as("every reading acknowledged in the end").isTrue();
            long closer = publisher.nextSecond() + 120;
            publisher.publishAt(closer);
            assertThat(publisher.drain(Duration.ofSeconds(60))).isTrue();
            Instant closedBefore = Instant.ofEpochSecond(closer).truncatedTo(ChronoUnit.MINUTES);

            Set<AckedPublisher.Key> acked = publisher.acked();
            try (Connection c = db.getConnection()) {
                Set<AckedPublisher.Key> stored = StoredReadings.awaitAll(c, "faults-", "water.pressure", acked, Duration.ofSeconds(180));
                Map<Long, Long> excess = awaitRollups(c, closedBefore, Duration.ofSeconds(180));
                System.out.println(report(faults, acked, stored, excess, publisher.resent()));
                Set<AckedPublisher.Key> lost = new HashSet<>(acked);
                lost.removeAll(stored);
                Set<AckedPublisher.Key> unexpected = new HashSet<>(stored);
                unexpected.removeAll(acked);
                assertThat(lost).as("acknowledged readings missing").isEmpty();
                assertThat(unexpected).as("stored readings nobody sent").isEmpty();
                assertThat(excess).as("1-minute rollups (minute → readings over or under the stored count)").isEmpty();
                awaitTrue(Duration.ofSeconds(120), () -> Sql.count(db, "SELECT count(*) FROM notifications n JOIN alerts a ON a.id = n.alert_id "
                        + "WHERE a.zone = '" + ZONE + "' AND a.kind = 'limit' AND n.purpose = 'opened' AND n.status = 'sent'") > 0);
                assertThat(Sql.count(db, "SELECT count(*) FROM anomalies WHERE zone = '" + ZONE + "' AND kind = 'limit'")).as("limit anomalies").isEqualTo(1);
                assertThat(Sql.count(db, "SELECT count(*) FROM alerts WHERE zone = '" + ZONE + "' AND kind = 'limit'")).as("limit alerts").isEqualTo(1);
                assertThat(Sql.count(db, "SELECT count(*) FROM notifications n JOIN alerts a ON a.id = n.alert_id WHERE a.zone = '" + ZONE
                        + "' AND a.kind = 'limit' AND n.purpose = 'opened'")).as("opening notifications per recipient").isEqualTo(1);
            }
            assertThat(faults).allSatisfy(f -> assertThat(f.recoverySeconds()).isLessThan(RECOVERY_LIMIT.toSeconds()));
        } finally {
            if (publisher != null) {
                publisher.close();
            }
            cluster.run("down");
        }
    }

    private static Fault fault(LocalCluster cluster, String name, AckedPublisher load, Step inject, BooleanSupplier recovered, Step after) throws Exception {
        long from = load.nextSecond();
        int ackedBefore = load.ackedCount();
        long started = System.nanoTime();
        inject.run();
        try {
            awaitTrue(RECOVERY_LIMIT, recovered::getAsBoolean);
        } catch (AssertionError e) {
            // CI shows only the failure's message: say which fault and where the cluster stood.
            throw new AssertionError(name + ": " + e.getMessage() + "; " + load.connected() + " of " + DEVICES + " devices connected, "
                    + (load.ackedCount() - ackedBefore) + " acknowledged since the fault; " + jobState(cluster), e);
        }
        double recovery = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "ClusterFaultTest: %s recovered in %.1f s%n", name, recovery);
        after.run();
        Thread.sleep(10_000);
        return new Fault(name, from, load.nextSecond(), recovery, load.ackedCount() - ackedBefore);
    }

    private static String jobState(LocalCluster cluster) {
        try {
            return "job fully running: " + cluster.jobFullyRunning() + ", restarts: " + cluster.restarts();
        } catch (Exception e) {
            return "job state unknown (" + e.getMessage() + ")";
        }
    }

    /** All devices connected again (through HAProxy, to whichever instance lives) and acknowledgements coming in. */
    private static BooleanSupplier acksFlowing(AckedPublisher load) {
        int[] seen = {load.ackedCount()};
        return () -> {
            boolean flowing = load.connected() == DEVICES && load.ackedCount() > seen[0] + 2 * DEVICES;
            if (load.connected() < DEVICES) {
                seen[0] = load.ackedCount();
            }
            return flowing;
        };
    }

    private static boolean restartsAbove(LocalCluster cluster, long restarts) {
        try {
            return cluster.restarts() > restarts;
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean storedAbove(DataSource db, long n) {
        try {
            return Sql.count(db, "SELECT count(*) FROM readings WHERE device_id LIKE 'faults-%'") > n;
        } catch (Exception e) {
            return false;
        }
    }

    private static void restartPostgres() throws Exception {
        String version = Files.list(Path.of("/etc/postgresql")).findFirst().orElseThrow().getFileName().toString();
        Process p = new ProcessBuilder("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart", "-m", "fast")
                .inheritIO().start();
        assertThat(p.waitFor()).as("pg_ctlcluster restart").isZero();
    }

    private static Map<String, String> register(DataSource db) throws Exception {
        DeviceRepository devices = new DeviceRepository(db);
        TokenHasher hasher = new TokenHasher(10_000);
        Map<String, String> tokens = new LinkedHashMap<>();
        for (int i = 1; i <= DEVICES; i++) {
            String id = String.format(Locale.ROOT, "faults-w-%02d", i);
            String token = TokenHasher.newToken();
            devices.upsert(Device.of(id, DeviceKind.WATER, ZONE), hasher.hash(token));
            tokens.put(id, token);
        }
        return tokens;
    }

    /** Minutes (epoch second) whose rollups differ from the stored readings, with the sum of the differences; empty when all agree. */
    private static Map<Long, Long> rollupDifferences(Connection c, Instant closedBefore) throws Exception {
        Map<Long, Long> differences = new java.util.TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT extract(epoch FROM r.b)::bigint, sum(coalesce(m.count, 0) - r.n) FROM "
                + "(SELECT device_id, date_trunc('minute', event_time) b, count(*) n FROM readings WHERE device_id LIKE 'faults-%' "
                + "AND metric = 'water.pressure' GROUP BY 1, 2) r LEFT JOIN readings_1m m ON m.device_id = r.device_id "
                + "AND m.metric = 'water.pressure' AND m.bucket = r.b WHERE r.b < ? AND (m.count IS NULL OR m.count <> r.n) GROUP BY 1")) {
            ps.setObject(1, java.sql.Timestamp.from(closedBefore));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    differences.put(rs.getLong(1), rs.getLong(2));
                }
            }
        }
        return differences;
    }

    private static Map<Long, Long> awaitRollups(Connection c, Instant closedBefore, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<Long, Long> differences = rollupDifferences(c, closedBefore);
        while (!differences.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            differences = rollupDifferences(c, closedBefore);
        }
        return differences;
    }

    private static String report(List<Fault> faults, Set<AckedPublisher.Key> acked, Set<AckedPublisher.Key> stored,
                                 Map<Long, Long> differences, long resent) {
        StringBuilder b = new StringBuilder("\nFaults of the distributed shape (deploy/local/cluster), QoS 1 through HAProxy\n");
        b.append(String.format(Locale.ROOT, "| %-24s | %12s | %8s | %8s | %6s | %7s |%n", "fault", "recovery (s)", "acked", "stored", "lost",
                "doubled"));
        long totalAcked = 0;
        long totalStored = 0;
        long totalDoubled = 0;
        for (Fault f : faults) {
            long a = acked.stream().filter(k -> k.epochSecond() >= f.fromSecond() && k.epochSecond() < f.toSecond()).count();
            long s = stored.stream().filter(k -> acked.contains(k) && k.epochSecond() >= f.fromSecond() && k.epochSecond() < f.toSecond()).count();
            long d = differences.entrySet().stream().filter(e -> e.getKey() + 60 > f.fromSecond() && e.getKey() < f.toSecond())
                    .mapToLong(e -> Math.max(0, e.getValue())).sum();
            b.append(String.format(Locale.ROOT, "| %-24s | %12.1f | %8d | %8d | %6d | %7d |%n", f.name(), f.recoverySeconds(), a, s, a - s, d));
        }
        totalAcked = acked.size();
        totalStored = stored.stream().filter(acked::contains).count();
        totalDoubled = differences.values().stream().mapToLong(v -> Math.max(0, v)).sum();
        b.append(String.format(Locale.ROOT, "| %-24s | %12s | %8d | %8d | %6d | %7d |%n", "whole run", "", totalAcked, totalStored,
                totalAcked - totalStored, totalDoubled));
        b.append("resent after reconnects: ").append(resent).append("; minutes whose rollup differs: ").append(differences.size()).append('\n');
        return b.toString();
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void awaitTrue(Duration timeout, Check condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.ok()) {
                    return;
                }
            } catch (Exception e) {
                // not yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not recovered within " + timeout);
    }

}
