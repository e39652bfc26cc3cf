package no.varde.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The alerting benchmark's harness works and counts right (every opened alert's webhook arrives
 * once, a report and a chart are written). Its latency figures are for the benchmark, not judged here.
 */
class AlertBenchCommandTest {
    @Test
    void aShortStormDeliversEveryOpenedAlertOnceAndWritesItsReport() throws Exception {
        Path out = Path.of("target", "alert-bench-test");
        int exit = new CommandLine(new VardeCli()).execute("alert-bench", "--duration", "8s", "--warmup", "2s", "--down", "503",
                "--output", out.toString(), "--work-dir", Path.of("target", "alert-bench-work").toString());
        assertThat(exit).as("0 = target met, 1 = not met; anything else is a crash").isIn(0, 1);
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertThat(report.path("anomaly_events_sent").asLong()).isGreaterThan(100);
        assertThat(report.path("alerts_opened").asLong()).isPositive();
        assertThat(report.path("opened_webhooks_received").asLong()).isEqualTo(report.path("alerts_opened").asLong());
        assertThat(report.path("opened_webhooks_duplicated").asLong()).isZero();
        assertThat(report.path("sms_attempts_at_gateway").asLong()).as("the SMS gateway was tried and refused").isPositive();
        assertThat(report.path("outbox_at_end").path("sms:sent").isMissingNode()).isTrue();
        // The split of the webhook's time: both parts measured, from the rows of the alerts opened after the warm-up.
        JsonNode toRow = report.path("event_to_notification_row_ms");
        JsonNode toSent = report.path("notification_row_to_sent_ms");
        assertThat(toRow.path("p50").asDouble(-1)).isPositive().isLessThanOrEqualTo(toRow.path("p99").asDouble());
        assertThat(toSent.path("p50").asDouble(-1)).isPositive().isLessThanOrEqualTo(toSent.path("p99").asDouble());
        assertThat(Files.size(out.resolve("chart.png"))).isGreaterThan(1000);
    }
}
