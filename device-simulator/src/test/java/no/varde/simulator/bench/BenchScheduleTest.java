package no.varde.simulator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BenchScheduleTest {
    private static final BenchSettings.Connection GATEWAY = new BenchSettings.Connection("gw-1", "secret", List.of("a", "b", "c"), true);
    private static final long SECOND = 1_000_000_000L;

    @Test
    void payloadsAreTheSenMlTheFormattedVersionWroteWithAMicrosecondEach() throws Exception {
        BenchSchedule schedule = new BenchSchedule(GATEWAY, 0, 0);
        long[] millis = {1_733_400_000_000L, 1_733_400_000_000L, 1_733_400_000_005L, 1_733_400_000_123L};
        long lastMicros = 0;
        for (int sent = 0; sent < millis.length; sent++) {
            long micros = Math.max(millis[sent] * 1000, lastMicros + 1);
            lastMicros = micros;
            String expected = String.format(Locale.ROOT, "[{\"n\":\"air.no2\",\"v\":%d.%d,\"t\":%d.%06d}]", 20 + sent % 30, sent % 10,
                    micros / 1_000_000, micros % 1_000_000);
            String payload = new String(schedule.nextPayload(millis[sent]), StandardCharsets.US_ASCII);
            assertThat(payload).isEqualTo(expected);
            JsonNode reading = new ObjectMapper().readTree(payload).get(0);
            assertThat(reading.get("t").decimalValue().movePointRight(6).longValueExact()).isEqualTo(micros);
        }
    }

    @Test
    void topicsGoRoundTheGatewaysDevices() {
        BenchSchedule schedule = new BenchSchedule(GATEWAY, 0, 0);
        assertThat(List.of(schedule.nextTopic(), schedule.nextTopic(), schedule.nextTopic(), schedule.nextTopic())).containsExactly(
                "gateways/gw-1/sensors/a/telemetry", "gateways/gw-1/sensors/b/telemetry", "gateways/gw-1/sensors/c/telemetry",
                "gateways/gw-1/sensors/a/telemetry");
    }

    @Test
    void whatIsDueFollowsTheRateAndABacklogBeyondASecondIsSkippedAndCounted() {
        AtomicLong behind = new AtomicLong();
        BenchSchedule schedule = new BenchSchedule(GATEWAY, 100, 0);
        assertThat(schedule.due(SECOND / 2, behind)).isEqualTo(50);
        for (int i = 0; i < 30; i++) {
            schedule.nextPayload(1_000);
        }
        assertThat(schedule.due(SECOND / 2, behind)).isEqualTo(20);
        // Held back for 3 s: 300 due, 270 unsent; a second's worth stays due, the rest is counted as behind schedule.
        assertThat(schedule.due(3 * SECOND, behind)).isEqualTo(100);
        assertThat(behind.get()).isEqualTo(170);
        assertThat(new BenchSchedule(GATEWAY, 0, 0).due(SECOND, behind)).isEqualTo(Long.MAX_VALUE);
    }
}
