package no.varde.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import no.varde.ingest.IngestConfig;
import no.varde.ingest.IngestTestBed;
import no.varde.model.DeviceKind;
import no.varde.model.validation.RejectReason;
import no.varde.storage.Device;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ChirpStack v4 and The Things Stack v3 uplinks, in their documented JSON shapes, through the real pipeline. */
class LoraWanIntegrationTest {
    private static final String INTEGRATION = "integration-token-" + System.nanoTime();
    private static IngestTestBed bed;
    private static HttpServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final java.util.concurrent.atomic.AtomicInteger FRAMES = new java.util.concurrent.atomic.AtomicInteger(100);

    @BeforeAll
    static void start() throws Exception {
        bed = IngestTestBed.start(IngestConfig.defaults("127.0.0.1", 0));
        server = bed.vertx.createHttpServer().requestHandler(bed.ingest.httpRouter(
                new IngestHttpApi.HttpSecrets(null, INTEGRATION), (PrometheusMeterRegistry) bed.ingest.metrics().registry()))
                .listen(0, "127.0.0.1").await();
        bed.register(Device.of("luft-sentrum-3", DeviceKind.AIR, "Sentrum").withModel("Elsys ERS", Map.of("dev_eui", "0101010101010101")));
        bed.register(Device.of("vannmaaler-7", DeviceKind.WATER, "Nord").withModel("Kamstrup", Map.of("dev_eui", "70b3d57ed0000001")));
        // Chosen by ChirpStack's device-profile name ("Dragino LSN50v2-S31"): the registry's model says nothing.
        bed.register(Device.of("luft-skole-2", DeviceKind.AIR, "Sentrum").withModel(null, Map.of("dev_eui", "a840410000000002")));
        // Chosen by the registry's model.
        bed.register(Device.of("trykk-vest-4", DeviceKind.WATER, "Vest").withModel("Decentlab DL-PR26", Map.of("dev_eui", "70b3d57050000004")));
        // Chosen by The Things Stack's version_ids (brand/model).
        bed.register(Device.of("basseng-5", DeviceKind.WATER, "Nord").withModel(null, Map.of("dev_eui", "24e124000000005a")));
        bed.register(Device.of("temp-bru-6", DeviceKind.AIR, "Havn").withModel("Ezurio RS26x", Map.of("dev_eui", "0025ca00000017c2")));
        bed.register(Device.of("luft-torg-8", DeviceKind.AIR, "Sentrum").withModel(null, Map.of("dev_eui", "0101010101010108")));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close().await();
        bed.close();
    }

    private static HttpResponse<String> post(String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String chirpStackUplink(String devEui, Instant time, String object) {
        // Each call is a new uplink (a new frame counter): an equal one would be taken for a retry.
        return chirpStackUplink(devEui, "Elsys ERS", time, FRAMES.incrementAndGet(), object);
    }

    private static String chirpStackUplink(String devEui, String profile, Instant time, int fCnt, String object) {
        String timeField = time == null ? "" : "\"time\":\"" + time + "\",";
        return """
                {"deduplicationId":"3ac7e3c4-4401-4b8d-9386-a5c902f9202d",%s
                 "deviceInfo":{"tenantId":"52f14cd4-c6f1-4fbd-8f87-4025e1d49242","tenantName":"Kommune",
                   "applicationId":"17c82e96-be03-4f38-aef3-f83d48582d97","applicationName":"Luftkvalitet",
                   "deviceProfileId":"14855bf7-d10d-4aee-b618-ebfcb64dc7ad","deviceProfileName":"%s",
                   "deviceName":"luft-sentrum-3","devEui":"%s","tags":{}},
                 "devAddr":"00189440","adr":true,"dr":1,"fCnt":%d,"fPort":1,"confirmed":false,"data":"qg==",
                 "object":%s,
                 "rxInfo":[{"gatewayId":"0016c001f153a14c","uplinkId":4217106255,"rssi":-36,"snr":10.5},
                           {"gatewayId":"0016c001f153b200","uplinkId":4217106256,"rssi":-117,"snr":-12.5}],
                 "txInfo":{"frequency":868100000,"modulation":{"lora":{"bandwidth":125000,"spreadingFactor":9,"codeRate":"CR_4_5"}}}}
                """.formatted(timeField, profile, devEui, fCnt, object);
    }

    private static double counter(String name, String... tags) {
        io.micrometer.core.instrument.Counter counter = bed.ingest.metrics().registry().find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void numbersWrittenAsTextAreReadAndTheModelComesFromTheDeviceProfile() throws Exception {
        Instant time = Instant.now().minusSeconds(20).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        HttpResponse<String> response = post(IngestHttpApi.CHIRPSTACK_PATH + "?event=up", INTEGRATION, chirpStackUplink(
                "A840410000000002", "Dragino LSN50v2-S31", time, 3, "{\"BatV\":3.6,\"TempC_SHT\":\"21.30\",\"Hum_SHT\":\" 48.5 \"}"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(bed.awaitReading(r -> r.deviceId().equals("luft-skole-2") && r.metric().equals("air.temperature")))
                .hasValueSatisfying(r -> assertThat(r.value()).isEqualTo(21.3));
        assertThat(bed.awaitReading(r -> r.deviceId().equals("luft-skole-2") && r.metric().equals("air.humidity")))
                .hasValueSatisfying(r -> assertThat(r.value()).isEqualTo(48.5));
    }

    @Test
    void aMappedFieldThatIsNotANumberIsRejectedWithItsNameNotIgnored() throws Exception {
        HttpResponse<String> response = post(IngestHttpApi.CHIRPSTACK_PATH + "?event=up", INTEGRATION, chirpStackUplink(
                "0101010101010108", "Elsys ERS", Instant.now(), 5, "{\"temperature\":\"n/a\",\"humidity\":null,\"pm10\":12}"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(207);
        assertThat(response.body()).contains("not_numeric").contains("decoded field 'temperature' maps to air.temperature")
                .contains("n/a").contains("no_value");
        assertThat(bed.awaitDeadLetter("luft-torg-8", RejectReason.NOT_NUMERIC)).hasValueSatisfying(letter ->
                assertThat(letter).contains("no_value"));
        assertThat(bed.awaitReading(r -> r.deviceId().equals("luft-torg-8") && r.metric().equals("air.pm10"))).isPresent();
    }

    @Test
    void aModelFileMapsNestedFieldsByTheRegisteredModel() throws Exception {
        String uplink = chirpStackUplink("70B3D57050000004", "Some profile", Instant.now().minusSeconds(5), 77,
                "{\"battery_voltage\":{\"unit\":\"V\",\"value\":3.1},\"pressure\":{\"unit\":\"bar\",\"value\":4.213}}");
        assertThat(post(IngestHttpApi.CHIRPSTACK_PATH + "?event=up", INTEGRATION, uplink).statusCode()).isEqualTo(200);
        assertThat(bed.awaitReading(r -> r.deviceId().equals("trykk-vest-4") && r.metric().equals("water.pressure")))
                .hasValueSatisfying(r -> assertThat(r.value()).isEqualTo(4.213));
    }

    @Test
    void radioQualityIsKeptAndARepeatedFrameCounterIsNotStoredTwice() throws Exception {
        // Without "time" each delivery would get its own receive time: only the frame counter tells a retry.
        String uplink = chirpStackUplink("70B3D57050000004", "Some profile", null, 4242,
                "{\"pressure\":{\"unit\":\"bar\",\"value\":3.95}}");
        assertThat(post(IngestHttpApi.CHIRPSTACK_PATH + "?event=up", INTEGRATION, uplink).statusCode()).isEqualTo(200);
        assertThat(bed.awaitReading(r -> r.deviceId().equals("trykk-vest-4") && r.value() == 3.95)).isPresent();
        double repeatsBefore = counter("varde.ingest.integration.repeats", "source", "chirpstack");
        HttpResponse<String> again = post(IngestHttpApi.CHIRPSTACK_PATH + "?event=up", INTEGRATION, uplink);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("\"repeat\" : true");
        assertThat(counter("varde.ingest.integration.repeats", "source", "chirpstack")).isEqualTo(repeatsBefore + 1);
        Thread.sleep(1000);
        assertThat(bed.readings.matching(r -> {
            no.varde.model.Reading reading = no.varde.model.codec.ReadingBinary.decode(r.value());
            return reading.deviceId().equals("trykk-vest-4") && reading.value() == 3.95;
        })).hasSize(1);
        no.varde.storage.RadioReport radio = bed.devices.radio().last("trykk-vest-4").orElseThrow();
        assertThat(radio.fCnt()).isEqualTo(4242L);
        assertThat(radio.rssi()).isEqualTo(-36.0);
        assertThat(radio.snr()).isEqualTo(10.5);
        assertThat(radio.gatewayId()).isEqualTo("0016c001f153a14c");
        assertThat(radio.gatewayCount()).isEqualTo(2);
        assertThat(radio.spreadingFactor()).isEqualTo(9);
        assertThat(radio.devAddr()).isEqualTo("00189440");
        // The next frame is a new uplink.
        assertThat(post(IngestHttpApi.CHIRPSTACK_PATH + "?event=up", INTEGRATION, uplink.replace("\"fCnt\":4242", "\"fCnt\":4243"))
                .body()).contains("\"accepted\" : 1");
    }

    @Test
    void aTheThingsStackEventStreamEnvelopeIsUnwrappedAndTheModelComesFromVersionIds() throws Exception {
        Instant received = Instant.now().minusSeconds(3).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        String envelope = """
                {"name":"as.up.data.forward","time":"%1$s",
                 "identifiers":[{"device_ids":{"device_id":"basseng-5","dev_eui":"24E124000000005A"}}],
                 "data":{"@type":"type.googleapis.com/ttn.lorawan.v3.ApplicationUp",
                   "end_device_ids":{"device_id":"basseng-5","application_ids":{"application_id":"vann"},
                     "dev_eui":"24E124000000005A","dev_addr":"260BDF71"},
                   "received_at":"%1$s",
                   "uplink_message":{"f_port":85,"f_cnt":25,"decoded_payload":{"battery":92,"water_level":231},
                     "rx_metadata":[{"gateway_ids":{"gateway_id":"eriks-rg186","eui":"C0EE40FFFF293903"},"rssi":-69,
                       "channel_rssi":-69,"snr":8.25}],
                     "settings":{"data_rate":{"lora":{"bandwidth":125000,"spreading_factor":7}},"frequency":"868100000"},
                     "version_ids":{"brand_id":"milesight-iot","model_id":"em500-swl"},
                     "received_at":"%1$s"}},
                 "correlation_ids":["gs:uplink:01K9ER8B2712V0HV1YBNRF35ZY"],"origin":"ip-10-100-4-21","unique_id":"01K9ER8B2"}
                """.formatted(received);
        HttpResponse<String> response = post(IngestHttpApi.TTS_PATH, INTEGRATION, "{\"result\":" + envelope + "}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(bed.awaitReading(r -> r.deviceId().equals("basseng-5") && r.metric().equals("water.reservoir_level")))
                .hasValueSatisfying(r -> {
                    assertThat(r.value()).isEqualTo(2.31);
                    assertThat(r.eventTime()).isEqualTo(received);
                });
        assertThat(bed.devices.radio().last("basseng-5")).hasValueSatisfying(radio -> {
            assertThat(radio.rssi()).isEqualTo(-69.0);
            assertThat(radio.gatewayId()).isEqualTo("eriks-rg186");
            assertThat(radio.fCnt()).isEqualTo(25L);
        });
    }

    @Test
    void aChirpStackV3BodyIsRefusedWithWhatWasExpected() throws Exception {
        String v3 = """
                {"applicationID":"1","applicationName":"vann","deviceName":"vannmaaler-7","devEUI":"cLPVftAAAAE=",
                 "rxInfo":[{"gatewayID":"ABbAAfFToUw=","rssi":-57,"loRaSNR":10}],"fCnt":10,"fPort":5,
                 "data":"AQID","objectJSON":"{\\"pressure\\":4.1}"}""";
        HttpResponse<String> response = post(IngestHttpApi.CHIRPSTACK_PATH + "?event=up", INTEGRATION, v3);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("ChirpStack v3").contains("ChirpStack v4");
        assertThat(bed.awaitDeadLetter("integration:chirpstack", RejectReason.UNSUPPORTED_FORMAT)).isPresent();
    }

    @Test
    void onlyDocumentedEventsWithoutReadingsAreAcknowledgedAndEachIsCounted() throws Exception {
        for (String event : List.of("join", "status", "ack", "txack", "log", "location")) {
            double before = counter("varde.ingest.integration.events", "source", "chirpstack", "event", event);
            assertThat(post(IngestHttpApi.CHIRPSTACK_PATH + "?event=" + event, INTEGRATION,
                    "{\"deviceInfo\":{\"devEui\":\"0101010101010101\"}}").statusCode()).as(event).isEqualTo(204);
            assertThat(counter("varde.ingest.integration.events", "source", "chirpstack", "event", event)).isEqualTo(before + 1);
        }
        HttpResponse<String> unknown = post(IngestHttpApi.CHIRPSTACK_PATH + "?event=upp", INTEGRATION,
                chirpStackUplink("0101010101010101", Instant.now(), "{\"pm25\":1}"));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("unknown ChirpStack event 'upp'");
        assertThat(post(IngestHttpApi.TTS_PATH, INTEGRATION, "{\"end_device_ids\":{\"dev_eui\":\"01\"},\"join_accept\":{}}")
                .statusCode()).isEqualTo(204);
        assertThat(counter("varde.ingest.integration.events", "source", "the-things-stack", "event", "join_accept")).isPositive();
        HttpResponse<String> other = post(IngestHttpApi.TTS_PATH, INTEGRATION, "{\"end_device_ids\":{\"dev_eui\":\"01\"},\"something\":{}}");
        assertThat(other.statusCode()).isEqualTo(400);
        assertThat(bed.awaitDeadLetter("integration:the-things-stack", RejectReason.UNSUPPORTED_FORMAT)).isPresent();
    }

    @Test
    void chirpStackUplinkBecomesReadings() throws Exception {
        Instant time = Instant.now().minusSeconds(30).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        HttpResponse<String> response = post(IngestHttpApi.CHIRPSTACK_PATH + "?event=up", INTEGRATION,
                chirpStackUplink("0101010101010101", time, "{\"temperature\":-2.5,\"humidity\":81,\"pm25\":7.1,\"battery\":3.6}"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(bed.awaitReading(r -> r.deviceId().equals("luft-sentrum-3") && r.metric().equals("air.temperature")))
                .hasValueSatisfying(r -> {
                    assertThat(r.value()).isEqualTo(-2.5);
                    assertThat(r.eventTime()).isEqualTo(time);
                });
        assertThat(bed.awaitReading(r -> r.deviceId().equals("luft-sentrum-3") && r.metric().equals("air.pm2_5"))).isPresent();
        assertThat(bed.awaitReading(r -> r.deviceId().equals("luft-sentrum-3") && r.metric().equals("air.humidity"))).isPresent();
    }

    @Test
    void theThingsStackUplinkBecomesReadingsWithUnitsConverted() throws Exception {
        Instant received = Instant.now().minusSeconds(10).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        String message = """
                {"end_device_ids":{"device_id":"vannmaaler-7","application_ids":{"application_id":"vann"},
                   "dev_eui":"70B3D57ED0000001","join_eui":"0000000000000000","dev_addr":"260B1234"},
                 "correlation_ids":["as:up:01H0000000000000000000000"],
                 "received_at":"%s",
                 "uplink_message":{"session_key_id":"AXA=","f_port":2,"f_cnt":1234,"frm_payload":"AQID",
                   "decoded_payload":{"pressure_kpa":412,"flow_lps":2.5},
                   "rx_metadata":[{"gateway_ids":{"gateway_id":"gw-1"},"rssi":-90,"snr":7.2}],
                   "settings":{"data_rate":{"lora":{"bandwidth":125000,"spreading_factor":7}},"frequency":"868100000"},
                   "received_at":"%s","consumed_airtime":"0.061696s"}}
                """.formatted(received, received);
        assertThat(post(IngestHttpApi.TTS_PATH, INTEGRATION, message).statusCode()).isEqualTo(200);
        assertThat(bed.awaitReading(r -> r.deviceId().equals("vannmaaler-7") && r.metric().equals("water.pressure")))
                .hasValueSatisfying(r -> assertThat(r.value()).isCloseTo(4.12, org.assertj.core.data.Offset.offset(1e-9)));
        assertThat(bed.awaitReading(r -> r.deviceId().equals("vannmaaler-7") && r.metric().equals("water.flow")))
                .hasValueSatisfying(r -> assertThat(r.value()).isCloseTo(9.0, org.assertj.core.data.Offset.offset(1e-9)));
    }

    @Test
    void refusalsAreAnsweredAndKept() throws Exception {
        assertThat(post(IngestHttpApi.CHIRPSTACK_PATH + "?event=up", "wrong", chirpStackUplink("0101010101010101", Instant.now(), "{}"))
                .statusCode()).isEqualTo(401);
        assertThat(post(IngestHttpApi.CHIRPSTACK_PATH + "?event=join", INTEGRATION, "{\"deviceInfo\":{\"devEui\":\"01\"}}").statusCode())
                .isEqualTo(204);
        assertThat(post(IngestHttpApi.CHIRPSTACK_PATH + "?event=up", INTEGRATION, chirpStackUplink("ffffffffffffffff", Instant.now(), "{\"pm25\":1}"))
                .statusCode()).isEqualTo(404);
        assertThat(bed.awaitDeadLetter("integration:chirpstack", RejectReason.UNKNOWN_DEVICE)).isPresent();
        assertThat(post(IngestHttpApi.CHIRPSTACK_PATH + "?event=up", INTEGRATION, chirpStackUplink("0101010101010101", Instant.now(), "{\"battery\":3.6}"))
                .statusCode()).isEqualTo(400);
        assertThat(bed.awaitDeadLetter("luft-sentrum-3", RejectReason.EMPTY_PAYLOAD)).isPresent();
        assertThat(post(IngestHttpApi.CHIRPSTACK_PATH + "?event=up", INTEGRATION, "{\"deviceInfo\":{}}").statusCode()).isEqualTo(400);
        assertThat(post(IngestHttpApi.CHIRPSTACK_PATH + "?event=up", INTEGRATION, "[1,2]").statusCode()).isEqualTo(400);
        assertThat(bed.awaitDeadLetter("integration:chirpstack", RejectReason.MALFORMED_PAYLOAD)).isPresent();
    }
}
