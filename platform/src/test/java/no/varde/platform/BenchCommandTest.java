package no.varde.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
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
    @Test
    void aShortBenchStoresEverythingItWasAcknowledgedAndWritesJsonAndAChart(@TempDir Path out) throws Exception {
        TestInfrastructure infra = TestInfrastructure.get();
        TestDatabase database = infra.newDatabase();
        Path workDir = Path.of("target", "bench-work").toAbsolutePath();
        PlatformOptions options = new PlatformOptions(workDir, database.jdbcUrl(), null, null, infra.kafkaBootstrap(), "127.0.0.1", 0,
                "127.0.0.1", 0, null, Duration.ofSeconds(2), null, null, 0, null, 40, 2, 10_000);
        try (Platform platform = Platform.start(options)) {
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
}
