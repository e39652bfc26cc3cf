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
    }
}
