package no.varde.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
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

    @BeforeAll
    static void start() throws Exception {
        bed = IngestTestBed.start(IngestConfig.defaults("127.0.0.1", 0));
        server = bed.vertx.createHttpServer().requestHandler(bed.ingest.httpRouter(
                new IngestHttpApi.HttpSecrets(null, INTEGRATION), (PrometheusMeterRegistry) bed.ingest.metrics().registry()))
                .listen(0, "127.0.0.1").await();
        bed.register(Device.of("luft-sentrum-3", DeviceKind.AIR, "Sentrum").withModel("Elsys ERS", Map.of("dev_eui", "0101010101010101")));
        bed.register(Device.of("vannmaaler-7", DeviceKind.WATER, "Nord").withModel("Kamstrup", Map.of("dev_eui", "70b3d57ed0000001")));
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
        return """
                {"deduplicationId":"3ac7e3c4-4401-4b8d-9386-a5c902f9202d","time":"%s",
                 "deviceInfo":{"tenantId":"52f14cd4-c6f1-4fbd-8f87-4025e1d49242","tenantName":"Kommune",
                   "applicationId":"17c82e96-be03-4f38-aef3-f83d48582d97","applicationName":"Luftkvalitet",
                   "deviceProfileId":"14855bf7-d10d-4aee-b618-ebfcb64dc7ad","deviceProfileName":"Elsys ERS",
                   "deviceName":"luft-sentrum-3","devEui":"%s","tags":{}},
                 "devAddr":"00189440","adr":true,"dr":1,"fCnt":10,"fPort":1,"confirmed":false,"data":"qg==",
                 "object":%s,
                 "rxInfo":[{"gatewayId":"0016c001f153a14c","uplinkId":4217106255,"rssi":-36,"snr":10.5}],
                 "txInfo":{"frequency":868100000,"modulation":{"lora":{"bandwidth":125000,"spreadingFactor":7,"codeRate":"CR_4_5"}}}}
                """.formatted(time, devEui, object);
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
        assertThat(bed.awaitDeadLetter("integration:chirpstack", RejectReason.MALFORMED_PAYLOAD)).isPresent();
    }
}
