package no.varde.ingest.mqtt;

import static no.varde.ingest.IngestTestBed.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.function.LongSupplier;
import no.varde.ingest.IngestConfig;
import no.varde.ingest.IngestTestBed;
import no.varde.model.DeviceKind;
import no.varde.model.validation.RejectReason;
import no.varde.storage.Device;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every way a sender can be refused: the protocol code it gets, the dead letter with its reason,
 * and the counter that goes up. Real Paho clients against the real endpoint, Kafka and PostgreSQL.
 */
class MqttRejectionMatrixTest {
    private static IngestTestBed bed;

    @BeforeAll
    static void start() throws Exception {
        bed = IngestTestBed.start(IngestConfig.defaults("127.0.0.1", 0).withMaxPayload(4096).withRateLimit(5, 5));
    }

    @AfterAll
    static void stop() throws Exception {
        bed.close();
    }

    private static void awaitIncrement(LongSupplier counter, long before) throws InterruptedException {
        for (int i = 0; i < 100 && counter.getAsLong() <= before; i++) {
            Thread.sleep(50);
        }
        assertThat(counter.getAsLong()).isEqualTo(before + 1);
    }

    /** Publishes at QoS 1 over MQTT 5 and returns the PUBACK reason code. */
    private static int publish5(String device, String token, String topic, byte[] payload) throws Exception {
        MqttAsyncClient client = bed.v5(device, token);
        try {
            IMqttToken sent = client.publish(topic, new MqttMessage(payload, 1, false, null));
            sent.waitForCompletion(10_000);
            return sent.getReasonCodes()[0];
        } finally {
            client.disconnect().waitForCompletion(5_000);
            client.close();
        }
    }

    private void assertPayloadRefused(String device, String payload, RejectReason reason) throws Exception {
        String token = bed.register(Device.of(device, DeviceKind.WATER, "Nord"));
        long before = bed.rejectedCount(reason);
        assertThat(publish5(device, token, PublishTopic.telemetryOf(device), bytes(payload))).isEqualTo(0x99);
        assertThat(bed.awaitDeadLetter(device, reason)).isPresent();
        awaitIncrement(() -> bed.rejectedCount(reason), before);
    }

    @Test
    void wrongPassword() throws Exception {
        bed.register(Device.of("m-wrongpw", DeviceKind.AIR, null));
        long before = bed.rejectedCount(RejectReason.BAD_CREDENTIALS);
        assertThatThrownBy(() -> bed.v5("m-wrongpw", "not-the-token"))
                .isInstanceOfSatisfying(org.eclipse.paho.mqttv5.common.MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(0x86));
        assertThatThrownBy(() -> bed.v3("m-wrongpw", "not-the-token"))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION));
        assertThat(bed.awaitDeadLetter("m-wrongpw", RejectReason.BAD_CREDENTIALS)).hasValueSatisfying(
                letter -> assertThat(letter).doesNotContain("not-the-token"));
        for (int i = 0; i < 100 && bed.rejectedCount(RejectReason.BAD_CREDENTIALS) < before + 2; i++) {
            Thread.sleep(50);
        }
        assertThat(bed.rejectedCount(RejectReason.BAD_CREDENTIALS)).isEqualTo(before + 2);
    }

    @Test
    void unknownDevice() throws Exception {
        long before = bed.rejectedCount(RejectReason.BAD_CREDENTIALS);
        assertThatThrownBy(() -> bed.v5("m-nobody", "whatever"))
                .isInstanceOfSatisfying(org.eclipse.paho.mqttv5.common.MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(0x86));
        assertThat(bed.awaitDeadLetter("m-nobody", RejectReason.BAD_CREDENTIALS)).isPresent();
        awaitIncrement(() -> bed.rejectedCount(RejectReason.BAD_CREDENTIALS), before);
    }

    @Test
    void disabledDevice() throws Exception {
        String token = bed.register(Device.of("m-disabled", DeviceKind.AIR, null).withEnabled(false));
        long before = bed.rejectedCount(RejectReason.BAD_CREDENTIALS);
        assertThatThrownBy(() -> bed.v3("m-disabled", token))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_FAILED_AUTHENTICATION));
        assertThat(bed.awaitDeadLetter("m-disabled", RejectReason.BAD_CREDENTIALS)).isPresent();
        awaitIncrement(() -> bed.rejectedCount(RejectReason.BAD_CREDENTIALS), before);
    }

    @Test
    void otherDevicesTopic() throws Exception {
        String token = bed.register(Device.of("m-intruder", DeviceKind.AIR, null));
        bed.register(Device.of("m-victim", DeviceKind.WATER, null));
        long before = bed.rejectedCount(RejectReason.TOPIC_NOT_AUTHORIZED);
        assertThat(publish5("m-intruder", token, PublishTopic.telemetryOf("m-victim"), bytes("[{\"n\":\"water.ph\",\"v\":7}]")))
                .isEqualTo(0x87);
        assertThat(bed.awaitDeadLetter("m-intruder", RejectReason.TOPIC_NOT_AUTHORIZED)).hasValueSatisfying(
                letter -> assertThat(letter).contains("sensors/m-victim/telemetry"));
        awaitIncrement(() -> bed.rejectedCount(RejectReason.TOPIC_NOT_AUTHORIZED), before);

        // MQTT 3.1.1 has no negative PUBACK: the connection is closed instead.
        MqttClient v3 = bed.v3("m-intruder", token);
        assertThatThrownBy(() -> v3.publish(PublishTopic.telemetryOf("m-victim"), bytes("[{\"n\":\"water.ph\",\"v\":7}]"), 1, false))
                .isInstanceOf(MqttException.class);
        assertThat(v3.isConnected()).isFalse();
        v3.close();
    }

    @Test
    void subscribeAttempt() throws Exception {
        String token = bed.register(Device.of("m-listener", DeviceKind.AIR, null));
        long before = bed.rejectedCount(RejectReason.SUBSCRIBE_REFUSED);
        MqttAsyncClient client = bed.v5("m-listener", token);
        IMqttToken sub = client.subscribe("sensors/#", 1);
        sub.waitForCompletion(10_000);
        assertThat(sub.getReasonCodes()).containsExactly(0x87);
        client.disconnect().waitForCompletion(5_000);
        assertThat(bed.awaitDeadLetter("m-listener", RejectReason.SUBSCRIBE_REFUSED)).hasValueSatisfying(
                letter -> assertThat(letter).contains("sensors/#"));
        awaitIncrement(() -> bed.rejectedCount(RejectReason.SUBSCRIBE_REFUSED), before);
    }

    @Test
    void oversizedPayload() throws Exception {
        assertPayloadRefused("m-big", "[{\"n\":\"water.ph\",\"v\":7,\"x\":\"" + "a".repeat(5000) + "\"}]", RejectReason.PAYLOAD_TOO_LARGE);
    }

    @Test
    void malformedJson() throws Exception {
        assertPayloadRefused("m-malformed", "[{\"n\":\"water.ph\",", RejectReason.MALFORMED_PAYLOAD);
    }

    @Test
    void notANumber() throws Exception {
        assertPayloadRefused("m-nan", "[{\"n\":\"water.ph\",\"v\":NaN}]", RejectReason.NOT_FINITE);
    }

    @Test
    void outOfRange() throws Exception {
        assertPayloadRefused("m-range", "[{\"n\":\"water.ph\",\"v\":15}]", RejectReason.OUT_OF_RANGE);
    }

    @Test
    void unknownUnit() throws Exception {
        assertPayloadRefused("m-unit", "[{\"n\":\"water.pressure\",\"u\":\"psi\",\"v\":60}]", RejectReason.UNSUPPORTED_UNIT);
    }

    @Test
    void futureTimestamp() throws Exception {
        long inAnHour = Instant.now().getEpochSecond() + 3600;
        assertPayloadRefused("m-future", "[{\"n\":\"water.ph\",\"v\":7,\"t\":" + inAnHour + "}]", RejectReason.TIME_IN_FUTURE);
    }

    @Test
    void gatewayPublishingForADeviceNotAssignedToIt() throws Exception {
        String gatewayToken = bed.register(Device.of("m-gw", DeviceKind.GATEWAY, "Vest"));
        bed.register(Device.of("m-gw-other", DeviceKind.GATEWAY, "Vest"));
        bed.register(Device.of("m-orphan", DeviceKind.AIR, "Vest").withGateway("m-gw-other"));
        long before = bed.rejectedCount(RejectReason.TOPIC_NOT_AUTHORIZED);
        assertThat(publish5("m-gw", gatewayToken, PublishTopic.gatewayTelemetry("m-gw", "m-orphan"),
                bytes("[{\"n\":\"air.no2\",\"v\":20}]"))).isEqualTo(0x87);
        assertThat(bed.awaitDeadLetter("m-gw", RejectReason.TOPIC_NOT_AUTHORIZED)).isPresent();
        awaitIncrement(() -> bed.rejectedCount(RejectReason.TOPIC_NOT_AUTHORIZED), before);
    }

    @Test
    void rateLimitExceeded() throws Exception {
        String token = bed.register(Device.of("m-chatty", DeviceKind.TRAFFIC, null));
        long before = bed.rejectedCount(RejectReason.RATE_LIMITED);
        MqttAsyncClient client = bed.v5("m-chatty", token);
        int quotaExceeded = 0;
        for (int i = 0; i < 20; i++) {
            IMqttToken sent = client.publish(PublishTopic.telemetryOf("m-chatty"),
                    new MqttMessage(bytes("[{\"n\":\"traffic.speed\",\"v\":" + (30 + i) + "}]"), 1, false, null));
            sent.waitForCompletion(10_000);
            if (sent.getReasonCodes()[0] == 0x97) {
                quotaExceeded++;
            }
        }
        client.disconnect().waitForCompletion(5_000);
        // A burst of 5 passes; at 5/s the remaining 15 fast messages are mostly refused.
        assertThat(quotaExceeded).isGreaterThanOrEqualTo(10);
        assertThat(bed.awaitDeadLetter("m-chatty", RejectReason.RATE_LIMITED)).isPresent();
        assertThat(bed.rejectedCount(RejectReason.RATE_LIMITED)).isEqualTo(before + quotaExceeded);
    }
}
