package no.varde.platform.costcurve;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import no.varde.embedded.FreePorts;
import no.varde.platform.Platform;
import no.varde.platform.PlatformOptions;
import no.varde.simulator.Fleet;
import no.varde.simulator.bench.BenchSettings;
import no.varde.testsupport.TestDatabase;
import no.varde.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cost curve's parts that can be checked without launching {@code bin/varde}: the connect
 * storm against a real platform that comes up while the gateways are already retrying, the
 * checkpoint lines as Flink writes them, and the table and chart of a finished run.
 */
class CostCurveTest {

    @Test
    void aConnectStormEndsWhenEveryGatewayIsBackAndItsReadingIsStored(@TempDir Path workDir) throws Exception {
        TestInfrastructure infra = TestInfrastructure.get();
        TestDatabase database = infra.newDatabase();
        int mqttPort = FreePorts.find();
        PlatformOptions options = new PlatformOptions(workDir, database.jdbcUrl(), null, null, infra.kafkaBootstrap(), "127.0.0.1", mqttPort,
                "127.0.0.1", 0, null, Duration.ofSeconds(2), null, null, 0, null, 30, 3, 10_000, null, false);
        // First start registers the fleet; it is then stopped, and the storm begins while nothing listens.
        Platform.start(options).close();
        List<BenchSettings.Connection> gateways = BenchSettings.connections(Fleet.read(workDir.resolve("load-fleet.csv")), 0);
        assertThat(gateways).hasSize(3);
        try (ConnectStorm storm = new ConnectStorm("tcp://127.0.0.1:" + mqttPort, gateways)) {
            storm.begin();
            Thread.sleep(1_000);
            try (Platform platform = Platform.start(options)) {
                ConnectStorm.Result result = storm.awaitServing(new BenchSettings.Database(database.jdbcUrl(), null, null), Duration.ofMinutes(2));
                assertThat(result.connections()).isEqualTo(3);
                assertThat(result.allConnectedSeconds()).as("refused while down, so not before the platform came up").isGreaterThan(1.0);
                assertThat(result.allStoredSeconds()).isGreaterThanOrEqualTo(result.allConnectedSeconds());
            }
        }
    }

    @Test
    void readsCompletedCheckpointsFromFlinksLogLines() {
        List<PlatformProcess.Checkpoint> list = PlatformProcess.checkpoints(List.of(
                "11:19:06.540 INFO  CheckpointCoordinator - Restoring job 2bf3 from Savepoint 8 @ 0 for 2bf3 located at file:/tmp/chk-8.",
                "11:19:11.832 INFO  CheckpointCoordinator - Completed checkpoint 9 for job 2bf3d761c25ef6d5778a29031c127504 (48531 bytes, "
                        + "checkpointDuration=108 ms, finalizationTime=6 ms).",
                "11:19:21.767 INFO  CheckpointCoordinator - Completed checkpoint 10 for job 2bf3d761c25ef6d5778a29031c127504 (7004213 bytes, "
                        + "checkpointDuration=1240 ms, finalizationTime=10 ms)."));
        assertThat(list).containsExactly(new PlatformProcess.Checkpoint(9, 48_531, 108), new PlatformProcess.Checkpoint(10, 7_004_213, 1_240));
    }

    @Test
    void checkpointDurationsAreTakenAtFullStateSizeOnly() {
        List<PlatformProcess.Checkpoint> list = List.of(new PlatformProcess.Checkpoint(1, 47_103, 30), new PlatformProcess.Checkpoint(2, 340_000_000, 6_556),
                new PlatformProcess.Checkpoint(3, 740_000_000, 33_263), new PlatformProcess.Checkpoint(4, 759_000_000, 22_194));
        assertThat(CostCurveCommand.atFullSize(list)).extracting(PlatformProcess.Checkpoint::id).containsExactly(3L, 4L);
        assertThat(CostCurveCommand.atFullSize(List.of())).isEmpty();
    }

    @Test
    void aRunThatStoppedShortKeepsWhatItMeasuredInTheTableAndChart(@TempDir Path dir) throws Exception {
        List<CostPoint> points = List.of(
                new CostPoint(1_000, 5, 50, 50, 20, 210, 0, 27, 556, 151, 7.0, 95, 497, 12, 3, 10.6, 10.6, 11.0, null),
                new CostPoint(100_000, 500, 5_000, Double.NaN, Double.NaN, Double.NaN, -1, 400, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                        Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, "IllegalStateException: varde run exited with 1"));
        String table = CostCurveCommand.table(points);
        assertThat(table).contains("| 1,000 | 5 | 50 / 50 |", "stopped short: IllegalStateException: varde run exited with 1");
        Path png = dir.resolve("curve.png");
        CostCurveChart.write(points, "test machine", png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1100);
        assertThat(image.getHeight()).isEqualTo(880);

        // Points of separate runs (say, another heap for the largest fleet) drawn together, NaN and all.
        Path first = dir.resolve("first.json");
        Path second = dir.resolve("second.json");
        new com.fasterxml.jackson.databind.ObjectMapper().writeValue(first.toFile(), List.of(points.get(1)));
        new com.fasterxml.jackson.databind.ObjectMapper().writeValue(second.toFile(), List.of(points.get(0)));
        Path out = dir.resolve("replot");
        assertThat(new picocli.CommandLine(new CostCurveCommand()).execute("--replot", first + "," + second, "--output", out.toString())).isZero();
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(out)) {
            List<Path> written = files.sorted().toList();
            assertThat(written).hasSize(2);
            CostPoint[] merged = new com.fasterxml.jackson.databind.ObjectMapper().readValue(written.get(0).toFile(), CostPoint[].class);
            assertThat(merged).extracting(CostPoint::devices).containsExactly(1_000, 100_000);
            assertThat(merged[1].achievedPerSecond()).isNaN();
            assertThat(ImageIO.read(written.get(1).toFile()).getWidth()).isEqualTo(1100);
        }
    }
}
