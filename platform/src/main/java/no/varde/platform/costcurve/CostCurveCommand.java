package no.varde.platform.costcurve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import no.varde.embedded.FreePorts;
import no.varde.simulator.Fleet;
import no.varde.simulator.ProgressBar;
import no.varde.simulator.bench.BenchClient;
import no.varde.simulator.bench.BenchReport;
import no.varde.simulator.bench.BenchRunner;
import no.varde.simulator.bench.BenchSettings;
import no.varde.simulator.scenario.DurationText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code varde cost-curve}: how the one-process platform's cost grows with the fleet. For each
 * fleet size it launches {@code bin/varde run} with that many load devices behind gateways on a
 * fresh data directory, has every device report on its interval through the bench, watches
 * memory, checkpoints and database commits, then restarts the platform on the same directory
 * while every gateway retries its connection, and times the way back. Prints a table, writes
 * JSON and a PNG.
 */
@Command(name = "cost-curve", mixinStandardHelpOptions = true,
        description = "Measure the one-process platform at several fleet sizes (memory, checkpoint size and duration, database "
                + "commits/s, restart and connect-storm times); writes a table, JSON and a PNG chart.")
public final class CostCurveCommand implements Callable<Integer> {
    @Option(names = "--devices", split = ",", defaultValue = "1000,10000,100000", description = "Fleet sizes (default: ${DEFAULT-VALUE}).")
    List<Integer> fleetSizes;

    @Option(names = "--devices-per-gateway", defaultValue = "200", description = "Devices behind each gateway (default: ${DEFAULT-VALUE}).")
    int perGateway;

    @Option(names = "--interval", defaultValue = "20s", description = "Every device reports this often during the load (default: ${DEFAULT-VALUE}).")
    String interval;

    @Option(names = "--warmup", defaultValue = "40s", description = "Load before measuring; at least two intervals (default: ${DEFAULT-VALUE}).")
    String warmup;

    @Option(names = "--duration", defaultValue = "120s", description = "Measured load per fleet size (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--client", defaultValue = "vertx", converter = no.varde.platform.BenchClientConverter.class,
            description = "MQTT client library of the load: vertx or paho (the generator of the curves before 2026-12-05) (default: ${DEFAULT-VALUE}).")
    BenchClient client;

    @Option(names = "--java-options", defaultValue = "${env:VARDE_JAVA_OPTS:-}", description = "JVM options for the platform, e.g. -Xmx2g "
            + "(default: bin/varde's).")
    String javaOptions;

    @Option(names = "--varde", defaultValue = "bin/varde", description = "The launcher to run (default: ${DEFAULT-VALUE}).")
    Path varde;

    @Option(names = "--output", defaultValue = "cost-curve-results", description = "Directory for data directories, logs, JSON and PNG (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--replot", split = ",", description = "Measure nothing: draw the table and chart of earlier runs' JSON files together "
            + "(e.g. points measured with different --java-options).")
    List<Path> replot;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(output);
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        List<CostPoint> points = new ArrayList<>();
        if (replot != null && !replot.isEmpty()) {
            for (Path file : replot) {
                points.addAll(List.of(new ObjectMapper().readValue(file.toFile(), CostPoint[].class)));
            }
            points.sort(Comparator.comparingInt(CostPoint::devices));
            write(points, stamp);
            System.out.println(table(points));
            return 0;
        }
        for (int devices : fleetSizes) {
            System.out.printf(Locale.ROOT, "%n== %,d devices behind %,d gateways, each reporting every %s ==%n", devices, gateways(devices), interval);
            points.add(measure(devices));
            write(points, stamp);
        }
        System.out.println(table(points));
        return points.stream().allMatch(p -> p.error() == null) ? 0 : 3;
    }

    private int gateways(int devices) {
        return Math.max(1, (devices + perGateway - 1) / perGateway);
    }

    private CostPoint measure(int devices) throws Exception {
        Path dataDir = output.resolve("work-" + devices).toAbsolutePath();
        deleteTree(dataDir);
        int mqttPort = FreePorts.find();
        int httpPort = FreePorts.find();
        List<String> args = List.of("--devices", "0", "--device-rate", "0", "--load-devices", Integer.toString(devices),
                "--load-gateways", Integer.toString(gateways(devices)), "--mqtt-port", Integer.toString(mqttPort),
                "--mqtt-tls-port", Integer.toString(FreePorts.find()));
        Path log = output.resolve("varde-" + devices + ".log").toAbsolutePath();
        Files.deleteIfExists(log);
        double rate = devices / (DurationText.parse(interval).toMillis() / 1000.0);
        Measured m = new Measured(devices, gateways(devices), rate);
        try {
            try (PlatformProcess platform = PlatformProcess.start(varde, dataDir, args, httpPort, javaOptions, log)) {
                m.firstStart = seconds(platform.awaitReady(Duration.ofMinutes(40)));
                System.out.printf(Locale.ROOT, "ready in %.1f s (fleet registered)%n", m.firstStart);
                // Read once what the first start wrote: the gateways' credentials and where the database is.
                List<BenchSettings.Connection> gateways = BenchSettings.connections(Fleet.read(dataDir.resolve("load-fleet.csv")), 0);
                BenchSettings.Database db = new BenchSettings.Database(
                        Files.readString(dataDir.resolve("database-url"), StandardCharsets.UTF_8).strip(), null, null);
                load(platform, gateways, db, mqttPort, m);
                m.stop = seconds(platform.stop(Duration.ofMinutes(2)));
                restart(dataDir, args, httpPort, mqttPort, log, gateways, db, m);
            }
        } catch (Exception | OutOfMemoryError e) {
            m.error = e.getClass().getSimpleName() + ": " + e.getMessage();
            System.out.println("stopped short: " + m.error);
        }
        return m.point();
    }

    private void load(PlatformProcess platform, List<BenchSettings.Connection> gateways, BenchSettings.Database db, int mqttPort, Measured m)
            throws Exception {
        BenchSettings settings = new BenchSettings("tcp://127.0.0.1:" + mqttPort, gateways, m.targetRate,
                DurationText.parse(duration), DurationText.parse(warmup), 64, db, Duration.ofSeconds(60), client);
        long checkpointsBefore = platform.checkpoints().stream().mapToLong(PlatformProcess.Checkpoint::id).max().orElse(0);
        AtomicLong rss = new AtomicLong();
        AtomicLong heap = new AtomicLong();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> {
            platform.residentBytes().ifPresent(b -> rss.accumulateAndGet(b, Math::max));
            platform.heapUsedBytes().ifPresent(b -> heap.accumulateAndGet(b, Math::max));
        }, 0, 2, TimeUnit.SECONDS);
        long commitsBefore = commits(db);
        long started = System.nanoTime();
        BenchReport report;
        try {
            report = new BenchRunner(settings, new ProgressBar(System.out)).run();
        } finally {
            sampler.shutdownNow();
        }
        m.commitsPerSecond = (commits(db) - commitsBefore) / ((System.nanoTime() - started) / 1e9);
        m.achieved = report.achievedPerSecond();
        m.pubackP99 = report.pubackP99Ms();
        m.storedP99 = report.storedP99Ms();
        m.lost = report.lost();
        m.rssMb = rss.get() / 1e6;
        m.heapMb = heap.get() / 1e6;
        List<PlatformProcess.Checkpoint> during = atFullSize(platform.checkpoints().stream().filter(c -> c.id() > checkpointsBefore).toList());
        if (!during.isEmpty()) {
            m.checkpointMb = during.get(during.size() - 1).bytes() / 1e6;
            long[] ms = during.stream().mapToLong(PlatformProcess.Checkpoint::durationMs).sorted().toArray();
            m.checkpointP50 = ms[ms.length / 2];
            m.checkpointMax = ms[ms.length - 1];
        }
        System.out.printf(Locale.ROOT, "load: %,.0f of %,.0f msg/s, PUBACK p99 %.0f ms, stored p99 %.0f ms, lost %d; RSS %.0f MB, heap %.0f MB, "
                        + "checkpoint %.1f MB in %.0f ms (median of the %d at full size), %.0f commits/s%n", m.achieved, m.targetRate, m.pubackP99, m.storedP99,
                m.lost, m.rssMb, m.heapMb, m.checkpointMb, m.checkpointP50, during.size(), m.commitsPerSecond);
    }

    private void restart(Path dataDir, List<String> args, int httpPort, int mqttPort, Path log, List<BenchSettings.Connection> gateways,
                         BenchSettings.Database db, Measured m) throws Exception {
        try (ConnectStorm storm = new ConnectStorm("tcp://127.0.0.1:" + mqttPort, gateways)) {
            storm.begin();
            try (PlatformProcess platform = PlatformProcess.start(varde, dataDir, args, httpPort, javaOptions, log)) {
                m.restartReady = seconds(platform.awaitReady(Duration.ofMinutes(20)));
                ConnectStorm.Result result = storm.awaitServing(db, Duration.ofMinutes(20));
                m.stormConnected = result.allConnectedSeconds();
                m.stormStored = result.allStoredSeconds();
                System.out.printf(Locale.ROOT, "restart: ready in %.1f s; all %d gateways connected after %.1f s, their readings stored after %.1f s%n",
                        m.restartReady, result.connections(), m.stormConnected, m.stormStored);
            }
        }
    }

    /**
     * The checkpoints taken once the state had grown to (nearly) its size at the end: the bench's
     * connections and warm-up come first, and the small checkpoints of an idle or filling job
     * would make the durations look better than they are under the load.
     */
    static List<PlatformProcess.Checkpoint> atFullSize(List<PlatformProcess.Checkpoint> checkpoints) {
        if (checkpoints.isEmpty()) {
            return checkpoints;
        }
        long last = checkpoints.get(checkpoints.size() - 1).bytes();
        return checkpoints.stream().filter(c -> c.bytes() >= 0.9 * last).toList();
    }

    private static long commits(BenchSettings.Database db) throws Exception {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT sum(xact_commit) FROM pg_stat_database")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void write(List<CostPoint> points, String stamp) throws Exception {
        Path json = output.resolve("cost-curve-" + stamp + ".json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), points);
        Path png = output.resolve("cost-curve-" + stamp + ".png");
        CostCurveChart.write(points, BenchRunner.machine(), png);
        System.out.println("Report: " + json + "\nChart:  " + png);
    }

    static String table(List<CostPoint> points) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%n| devices | gateways | msg/s target / acked | PUBACK p99 ms | stored p99 ms "
                + "| lost | RSS MB | heap MB | checkpoint MB | ckpt p50 / max ms | commits/s | first start s | restart ready s "
                + "| storm connected s | storm stored s |%n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|%n"));
        for (CostPoint p : points) {
            b.append(String.format(Locale.ROOT, "| %,d | %,d | %,.0f / %,.0f | %.0f | %.0f | %d | %.0f | %.0f | %.1f | %.0f / %.0f | %.0f | %.1f | %.1f "
                            + "| %.1f | %.1f |%s%n", p.devices(), p.gateways(), p.targetRate(), p.achievedPerSecond(), p.pubackP99Ms(), p.storedP99Ms(),
                    p.lost(), p.rssMaxMb(), p.heapMaxMb(), p.checkpointMb(), p.checkpointP50Ms(), p.checkpointMaxMs(),
                    p.databaseTransactionsPerSecond(), p.firstStartSeconds(), p.restartReadySeconds(), p.stormConnectedSeconds(),
                    p.stormStoredSeconds(), p.error() == null ? "" : " stopped short: " + p.error()));
        }
        return b.toString();
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static void deleteTree(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The figures of one fleet size as they come in; NaN until measured. */
    private static final class Measured {
        final int devices;
        final int gateways;
        final double targetRate;
        double achieved = Double.NaN;
        double pubackP99 = Double.NaN;
        double storedP99 = Double.NaN;
        long lost = -1;
        double firstStart = Double.NaN;
        double rssMb = Double.NaN;
        double heapMb = Double.NaN;
        double checkpointMb = Double.NaN;
        double checkpointP50 = Double.NaN;
        double checkpointMax = Double.NaN;
        double commitsPerSecond = Double.NaN;
        double stop = Double.NaN;
        double restartReady = Double.NaN;
        double stormConnected = Double.NaN;
        double stormStored = Double.NaN;
        String error;

        Measured(int devices, int gateways, double targetRate) {
            this.devices = devices;
            this.gateways = gateways;
            this.targetRate = targetRate;
        }

        CostPoint point() {
            return new CostPoint(devices, gateways, targetRate, achieved, pubackP99, storedP99, lost, firstStart, rssMb, heapMb, checkpointMb,
                    checkpointP50, checkpointMax, commitsPerSecond, stop, restartReady, stormConnected, stormStored, error);
        }
    }
}
