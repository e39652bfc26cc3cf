package no.varde.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import no.varde.simulator.bench.BenchReferences;
import no.varde.simulator.bench.BenchReport;
import no.varde.testsupport.TestDatabase;
import no.varde.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code varde bench} against a real one-process platform (real MQTT, Kafka, Flink and
 * PostgreSQL) with its load fleet behind gateways: a short, gentle run whose every acknowledged
 * message must be read back from PostgreSQL, reported as JSON and drawn as a PNG chart.
 */
class BenchCommandTest {
    private static final Path WORK_DIR = Path.of("target", "bench-work").toAbsolutePath();
    private static Platform platform;
    private static TestDatabase database;

    @org.junit.jupiter.api.BeforeAll
    static void start() throws Exception {
        TestInfrastructure infra = TestInfrastructure.get();
        database = infra.newDatabase();
        platform = Platform.start(new PlatformOptions(WORK_DIR, database.jdbcUrl(), null, null, infra.kafkaBootstrap(), "127.0.0.1", 0,
                "127.0.0.1", 0, null, Duration.ofSeconds(2), null, null, 0, null, 40, 2, 10_000, null, true));
    }

    @org.junit.jupiter.api.AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    /** {@code varde simulate --register}: the town's gateways and sensors registered through the admin API, then played. */
    @Test
    void simulateRegistersATownBehindGatewaysAndPlaysIt(@TempDir Path dir) throws Exception {
        String admin = platform.listeners().get("http").replace("/health", "");
        Path fleet = dir.resolve("fleet.csv");
        Path truth = dir.resolve("truth.jsonl");
        int exit = new CommandLine(new VardeCli()).execute("simulate", "--register", "--devices", "12", "--gateways", "2",
                "--speed", "60", "--duration", "3m", "--mqtt", platform.listeners().get("mqtt"), "--admin-url", admin,
                "--admin-token-file", WORK_DIR.resolve("admin-token").toString(), "--fleet", fleet.toString(), "--ground-truth", truth.toString());
        assertThat(exit).isZero();
        String credentials = Files.readString(fleet);
        assertThat(credentials).contains("sim-gw-001,gateway", "sim-gw-002,gateway");
        // Sensors behind a gateway have no token of their own: their token column is empty.
        assertThat(credentials.lines().filter(l -> l.endsWith(",sim-gw-001") || l.endsWith(",sim-gw-002")))
                .hasSize(12).allMatch(l -> l.split(",", -1)[3].isEmpty());
        try (java.sql.Connection c = database.dataSource().getConnection(); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM devices WHERE gateway_id LIKE 'sim-gw-%'")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(12);
        }
    }

    @Test
    void aShortBenchStoresEverythingItWasAcknowledgedAndWritesJsonAndAChart(@TempDir Path out) throws Exception {
        Path workDir = WORK_DIR;
        {
            int exit = new CommandLine(new VardeCli()).execute("bench", "--rate", "300", "--duration", "5s", "--warmup", "3s",
                    "--mqtt", platform.listeners().get("mqtt"), "--fleet", workDir.resolve("load-fleet.csv").toString(),
                    "--work-dir", workDir.toString(), "--drain", "30s", "--output", out.toString());
            List<Path> files;
            try (Stream<Path> list = Files.list(out)) {
                files = list.sorted().toList();
            }
            assertThat(files).hasSize(2);
            BenchReport report = BenchReport.readJson(files.get(0));
            assertThat(report.connections()).isEqualTo(2);
            assertThat(report.generator()).isEqualTo("vertx");
            assertThat(report.devices()).isEqualTo(40);
            assertThat(report.failed()).isZero();
            assertThat(report.acknowledged()).isEqualTo(report.offered()).isGreaterThan(1_500);
            assertThat(report.stored()).isEqualTo(report.acknowledged());
            assertThat(report.lost()).isZero();
            // A paced open-loop generator: what fell behind in a slow warm-up is sent as soon as the window allows.
            assertThat(report.achievedPerSecond()).isBetween(270.0, 450.0);
            assertThat(report.storedP50Ms()).isPositive();
            assertThat(report.timeline()).hasSizeBetween(4, 6);
            assertThat(report.storedTimeline()).isNotEmpty();
            assertThat(exit).as(report.verdict()).isZero();
            BufferedImage chart = ImageIO.read(files.get(1).toFile());
            assertThat(chart.getWidth()).isEqualTo(1100);
            assertThat(chart.getHeight()).isEqualTo(840);
        }
    }

    /**
     * Probes register their devices with the admin token of the platform in {@code --work-dir} when no
     * {@code --admin-token-file} is given (before, the bench looked in ./varde-data, and failed only
     * after its minutes of reference measurement). Here no MQTT server answers, so the run stops
     * after registering the probe.
     */
    @Test
    void probesRegisterWithTheAdminTokenOfTheDataDirectory(@TempDir Path out) throws Exception {
        String api = platform.listeners().get("http").replace("/health", "");
        int exit = new CommandLine(new VardeCli()).execute("bench", "--rate", "10", "--duration", "1s", "--warmup", "0s", "--probes", "1",
                "--api", api, "--mqtt", "tcp://127.0.0.1:" + no.varde.embedded.FreePorts.find(), "--work-dir", WORK_DIR.toString(),
                "--drain", "1s", "--output", out.toString());
        assertThat(exit).as("no MQTT server").isNotZero();
        AdminApiClient admin = new AdminApiClient(api, AdminToken.read(WORK_DIR.resolve("admin-token")));
        assertThat(admin.call("GET", "/api/v1/admin/devices?limit=1000", null, null).encode()).contains("bench-probe-");

        Path elsewhere = out.resolve("no-platform-here");
        Files.createDirectories(elsewhere);
        int refused = new CommandLine(new VardeCli()).execute("bench", "--probes", "1", "--api", api,
                "--work-dir", elsewhere.toString(), "--output", out.toString());
        assertThat(refused).as("no admin token in that data directory").isNotZero();
    }

    /**
     * {@code --references}: the same generator against the machine's Mosquitto (a real broker on
     * 127.0.0.1:1883, which .ci/run starts), as fast as acknowledged and paced at the bench's rate,
     * and psql's \copy of exactly the rows this run stored, all in the report as ratios. Published with Paho here, the short bench above with the default
     * Vert.x client, so both clients run against a real broker and a real Varde.
     */
    @Test
    void referencesAreMeasuredInTheSameRunAgainstMosquittoAndPsqlCopy(@TempDir Path out) throws Exception {
        int exit = new CommandLine(new VardeCli()).execute("bench", "--rate", "300", "--duration", "4s", "--warmup", "2s",
                "--mqtt", platform.listeners().get("mqtt"), "--fleet", WORK_DIR.resolve("load-fleet.csv").toString(),
                "--work-dir", WORK_DIR.toString(), "--drain", "30s", "--output", out.toString(),
                "--references", "--reference-broker", "tcp://127.0.0.1:1883", "--reference-duration", "3s", "--client", "paho");
        Path json;
        try (Stream<Path> list = Files.list(out)) {
            json = list.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
        }
        BenchReport report = BenchReport.readJson(json);
        assertThat(exit).as(report.verdict()).isZero();
        assertThat(report.generator()).isEqualTo("paho");
        BenchReferences.Broker broker = report.references().broker();
        assertThat(broker.uri()).isEqualTo("tcp://127.0.0.1:1883");
        assertThat(broker.connections()).isEqualTo(2);
        assertThat(broker.failed()).isZero();
        // As fast as acknowledged over loopback: far beyond the 300 msg/s the bench itself was paced at.
        assertThat(broker.messagesPerSecond()).isGreaterThan(1_000);
        assertThat(broker.acknowledged()).isGreaterThan(3_000);
        assertThat(broker.pubackP99Ms()).isPositive();
        // Paced at the bench's 300 msg/s: the broker's PUBACK latency at Varde's load, the floor for Varde's.
        BenchReferences.BrokerAtRate atRate = report.references().brokerAtRate();
        assertThat(atRate.uri()).isEqualTo("tcp://127.0.0.1:1883");
        assertThat(atRate.offeredPerSecond()).isEqualTo(300);
        assertThat(atRate.failed()).isZero();
        assertThat(atRate.achievedPerSecond()).as("paced, not as fast as acknowledged").isBetween(200.0, 400.0);
        assertThat(atRate.pubackP50Ms()).isPositive().isLessThanOrEqualTo(atRate.pubackP99Ms());
        assertThat(atRate.pubackP99Ms()).isLessThanOrEqualTo(atRate.pubackP999Ms());
        BenchReferences.Copy copy = report.references().copy();
        assertThat(copy.tool()).isEqualTo("psql \\copy");
        assertThat(copy.rows()).as("every row this run stored, warm-up included").isEqualTo(report.stored());
        assertThat(copy.rowsPerSecond()).isPositive();
        assertThat(report.format()).contains("Varde / broker: ", "Varde's PUBACK p99 / broker's at this rate: ", "Varde / copy: ");
        try (java.sql.Connection c = database.dataSource().getConnection(); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'varde_bench_copy_%'")) {
            rs.next();
            assertThat(rs.getLong(1)).as("the reference table is dropped").isZero();
        }
    }
}
