package no.varde.ingest.mqtt;

import static no.varde.ingest.IngestTestBed.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import no.varde.ingest.IngestConfig;
import no.varde.ingest.IngestTestBed;
import no.varde.model.DeviceKind;
import no.varde.model.Reading;
import no.varde.model.validation.RejectReason;
import no.varde.storage.Device;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a well-behaved sender sees, with three independent clients: Paho v3, Paho v5 and mosquitto_pub. */
class MqttConformanceTest {
    private static IngestTestBed bed;

    @BeforeAll
    static void start() throws Exception {
        bed = IngestTestBed.start(IngestConfig.defaults("127.0.0.1", 0));
    }

    @AfterAll
    static void stop() throws Exception {
        bed.close();
    }

    private static long secondsAgo(int s) {
        return Instant.now().getEpochSecond() - s;
    }

    @Test
    void pahoV3QoS1IsInKafkaOnceAcknowledged() throws Exception {
        String token = bed.register(Device.of("c-water", DeviceKind.WATER, "Nord"));
        long t = secondsAgo(60);
        MqttClient client = bed.v3("c-water", token);
        client.publish(PublishTopic.telemetryOf("c-water"), bytes("[{\"bn\":\"c-water:\",\"bt\":" + t
                + ",\"n\":\"water.pressure\",\"u\":\"kPa\",\"v\":412},{\"n\":\"water.flow\",\"u\":\"m3/h\",\"v\":30.5,\"t\":1}]"), 1, false);
        client.disconnect();
        Reading pressure = bed.awaitReading(r -> r.deviceId().equals("c-water") && r.metric().equals("water.pressure")).orElseThrow();
        assertThat(pressure.value()).isCloseTo(4.12, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(pressure.unit()).isEqualTo("bar");
        assertThat(pressure.eventTime()).isEqualTo(Instant.ofEpochSecond(t));
        assertThat(bed.awaitReading(r -> r.deviceId().equals("c-water") && r.metric().equals("water.flow"))).isPresent();
        assertThat(bed.readings.matching(r -> "c-water".equals(r.key()))).isNotEmpty();
    }

    @Test
    void pahoV5PartialBatchKeepsTheGoodRecordsAndSaysWhy() throws Exception {
        String token = bed.register(Device.of("c-air", DeviceKind.AIR, "Sentrum"));
        org.eclipse.paho.mqttv5.client.MqttAsyncClient client = bed.v5("c-air", token);
        IMqttToken sent = client.publish(PublishTopic.telemetryOf("c-air"), new MqttMessage(bytes(
                "[{\"n\":\"air.no2\",\"u\":\"ug/m3\",\"v\":41.5},{\"n\":\"air.no2\",\"v\":-5,\"t\":-1},{\"n\":\"air.colour\",\"v\":1}]"),
                1, false, null));
        sent.waitForCompletion(10_000);
        assertThat(sent.getReasonCodes()).containsExactly(0x00);
        assertThat(sent.getResponseProperties().getReasonString()).contains("1 reading(s) accepted, 2 rejected")
                .contains("out_of_range").contains("unknown_metric");
        client.disconnect().waitForCompletion(5_000);
        assertThat(bed.awaitReading(r -> r.deviceId().equals("c-air") && r.value() == 41.5)).isPresent();
        assertThat(bed.awaitDeadLetter("c-air", RejectReason.OUT_OF_RANGE)).hasValueSatisfying(l -> assertThat(l).contains("unknown_metric"));
    }

    @Test
    void mqtt5ClientsAreToldTheReceiveMaximum() throws Exception {
        String token = bed.register(Device.of("c-flow", DeviceKind.AIR, null));
        org.eclipse.paho.mqttv5.client.MqttAsyncClient client = new org.eclipse.paho.mqttv5.client.MqttAsyncClient(bed.url(),
                "c-flow-" + System.nanoTime(), new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        org.eclipse.paho.mqttv5.client.MqttConnectionOptions options = new org.eclipse.paho.mqttv5.client.MqttConnectionOptions();
        options.setUserName("c-flow");
        options.setPassword(bytes(token));
        IMqttToken connected = client.connect(options);
        connected.waitForCompletion(10_000);
        assertThat(connected.getResponseProperties().getReceiveMaximum()).isEqualTo(MqttIngestVerticle.RECEIVE_MAXIMUM);
        client.disconnect().waitForCompletion(5_000);
    }

    @Test
    void qos2IsCompletedAfterTheDurableHandoffInBothVersions() throws Exception {
        String token = bed.register(Device.of("c-qos2", DeviceKind.WATER, null));
        MqttClient v3 = bed.v3("c-qos2", token);
        v3.publish(PublishTopic.telemetryOf("c-qos2"), bytes("[{\"n\":\"water.ph\",\"v\":7.25}]"), 2, false);
        v3.disconnect();
        org.eclipse.paho.mqttv5.client.MqttAsyncClient v5 = bed.v5("c-qos2", token);
        IMqttToken sent = v5.publish(PublishTopic.telemetryOf("c-qos2"), new MqttMessage(bytes("[{\"n\":\"water.ph\",\"v\":7.35}]"), 2, false, null));
        sent.waitForCompletion(10_000);
        v5.disconnect().waitForCompletion(5_000);
        assertThat(bed.awaitReading(r -> r.deviceId().equals("c-qos2") && r.value() == 7.25)).isPresent();
        assertThat(bed.awaitReading(r -> r.deviceId().equals("c-qos2") && r.value() == 7.35)).isPresent();
    }

    @Test
    void compactJsonIsAccepted() throws Exception {
        String token = bed.register(Device.of("c-compact", DeviceKind.TRAFFIC, null));
        MqttClient client = bed.v3("c-compact", token);
        client.publish(PublishTopic.telemetryOf("c-compact"), bytes("{\"t\":" + secondsAgo(5)
                + ",\"traffic.speed\":12.5,\"traffic.occupancy\":0.4,\"units\":{\"traffic.speed\":\"m/s\",\"traffic.occupancy\":\"/\"}}"), 1, false);
        client.disconnect();
        assertThat(bed.awaitReading(r -> r.deviceId().equals("c-compact") && r.metric().equals("traffic.speed")))
                .hasValueSatisfying(r -> assertThat(r.value()).isEqualTo(45.0));
        assertThat(bed.awaitReading(r -> r.deviceId().equals("c-compact") && r.metric().equals("traffic.occupancy")))
                .hasValueSatisfying(r -> assertThat(r.value()).isCloseTo(40.0, org.assertj.core.data.Offset.offset(1e-9)));
    }

    @Test
    void aGatewayPublishesForItsDevices() throws Exception {
        String token = bed.register(Device.of("c-gw", DeviceKind.GATEWAY, "Vest"));
        bed.register(Device.of("c-lora-7", DeviceKind.AIR, "Vest").withGateway("c-gw"));
        MqttClient client = bed.v3("c-gw", token);
        client.publish(PublishTopic.gatewayTelemetry("c-gw", "c-lora-7"), bytes("[{\"n\":\"air.pm10\",\"v\":17}]"), 1, false);
        client.disconnect();
        assertThat(bed.awaitReading(r -> r.deviceId().equals("c-lora-7") && r.value() == 17.0)).isPresent();
    }

    @Test
    void onlineOfflineAndWillMessagesDriveDeviceStatus() throws Exception {
        String token = bed.register(Device.of("c-status", DeviceKind.WATER, null));
        MqttAsyncClient client = new MqttAsyncClient(bed.url(), "c-status-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName("c-status");
        options.setPassword(token.toCharArray());
        options.setWill(PublishTopic.statusOf("c-status"), bytes("{\"state\":\"gone\"}"), 1, false);
        client.connect(options).waitForCompletion(10_000);
        assertThat(bed.awaitStatus("c-status", "\"state\":\"online\"")).isPresent();
        client.publish(PublishTopic.statusOf("c-status"), bytes("{\"battery\":3.61}"), 1, false).waitForCompletion(10_000);
        assertThat(bed.awaitStatus("c-status", "battery")).isPresent();
        // Drop the connection without DISCONNECT, as a device losing power would.
        client.disconnectForcibly(0, 1000, false);
        assertThat(bed.awaitStatus("c-status", "\"state\":\"offline\"")).hasValueSatisfying(
                s -> assertThat(s).contains("connection lost").contains("gone"));
        client.close();
        for (int i = 0; i < 50 && bed.devices.find("c-status").orElseThrow().lastSeen() == null; i++) {
            Thread.sleep(100);
        }
        assertThat(bed.devices.find("c-status").orElseThrow().lastSeen()).isNotNull();
    }

    @Test
    void mosquittoPubSpeaksToVarde() throws Exception {
        String token = bed.register(Device.of("c-mosq", DeviceKind.AIR, null));
        assertThat(mosquittoPub("mqttv311", "c-mosq", token, "[{\"n\":\"air.o3\",\"v\":61}]")).isZero();
        assertThat(mosquittoPub("mqttv5", "c-mosq", token, "[{\"n\":\"air.o3\",\"v\":62}]")).isZero();
        assertThat(bed.awaitReading(r -> r.deviceId().equals("c-mosq") && r.value() == 61.0)).isPresent();
        assertThat(bed.awaitReading(r -> r.deviceId().equals("c-mosq") && r.value() == 62.0)).isPresent();
        assertThat(mosquittoPub("mqttv5", "c-mosq", "wrong", "[{\"n\":\"air.o3\",\"v\":63}]")).isNotZero();
    }

    private static int mosquittoPub(String version, String user, String password, String payload) throws Exception {
        Path binary = Path.of("/usr/bin/mosquitto_pub");
        assertThat(Files.isExecutable(binary)).as("mosquitto_pub (Debian package mosquitto-clients; .ci/run installs it)").isTrue();
        List<String> command = new ArrayList<>(List.of(binary.toString(), "-h", "127.0.0.1", "-p", String.valueOf(bed.ingest.mqttPort()),
                "-V", version, "-q", "1", "-u", user, "-P", password, "-t", PublishTopic.telemetryOf(user), "-m", payload,
                "-i", "mosq-" + System.nanoTime()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("mosquitto_pub did not finish");
        }
        return process.exitValue();
    }
}
