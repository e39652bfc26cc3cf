package no.varde.model.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import no.varde.model.Reading;
import no.varde.model.validation.RejectReason;
import no.varde.model.validation.Rejection;
import org.junit.jupiter.api.Test;

class ReadingJsonTest {
    @Test
    void roundTripsWithMicrosecondTimes() {
        Reading reading = new Reading("t-7", "traffic.speed", 42.5, "km/h",
                Instant.parse("2026-11-23T07:30:00.123456Z"), Instant.parse("2026-11-23T07:30:01.5Z"));
        assertThat(ReadingJson.decode(ReadingJson.encode(reading))).isEqualTo(reading);
    }

    @Test
    void refusesBytesThatAreNotAReading() {
        assertThatThrownBy(() -> ReadingJson.decode("{\"d\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReadingJson.decode("garbage".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deadLetterCapsThePayloadButRecordsItsSize() {
        byte[] big = new byte[DeadLetter.MAX_KEPT_PAYLOAD + 100];
        DeadLetter letter = DeadLetter.of("w-1", "sensors/w-1/telemetry", Instant.EPOCH,
                List.of(Rejection.ofMessage(RejectReason.MALFORMED_PAYLOAD, "not valid JSON")), big);
        assertThat(letter.payload()).hasSize(DeadLetter.MAX_KEPT_PAYLOAD);
        String json = new String(letter.toJson(), StandardCharsets.UTF_8);
        assertThat(json).contains("\"payloadSize\":" + big.length).contains("\"payloadTruncated\":true")
                .contains("\"reason\":\"malformed_payload\"");
    }
}
