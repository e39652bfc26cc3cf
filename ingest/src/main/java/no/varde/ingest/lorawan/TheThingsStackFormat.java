package no.varde.ingest.lorawan;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import no.varde.model.validation.RejectReason;
import no.varde.storage.RadioReport;

/**
 * The Things Stack v3: a webhook's ApplicationUp message ({@code end_device_ids}, and one of
 * {@code uplink_message}, {@code join_accept}, {@code downlink_ack}, ...), or the same message inside
 * an event-stream envelope ({@code {"name":"as.up.data.forward","data":{...}}}, possibly wrapped in
 * {@code {"result": ...}} as the streaming API sends it), which is unwrapped.
 */
public final class TheThingsStackFormat implements NetworkServerFormat {
    /** ApplicationUp's messages that carry no readings (webhook message types). */
    static final List<String> OTHER_MESSAGES = List.of("join_accept", "downlink_ack", "downlink_nack", "downlink_sent",
            "downlink_failed", "downlink_queued", "downlink_queue_invalidated", "location_solved", "service_data",
            "uplink_normalized");

    @Override
    public String source() {
        return "the-things-stack";
    }

    @Override
    public NetworkServerEvent classify(String event, JsonObject body) {
        JsonObject message = body;
        try {
            if (message.getValue("result") instanceof JsonObject result) {
                message = result;
            }
            if (message.containsKey("name") && message.containsKey("data")) {
                String name = UplinkJson.text(message, "name");
                message = UplinkJson.object(message, "data");
                if (message == null) {
                    return refused("the event '" + NumericText.printable(name) + "' has no data");
                }
            }
            if (message.containsKey("uplink_message")) {
                return new NetworkServerEvent.Uplink(uplink(message));
            }
        } catch (IllegalArgumentException e) {
            return new NetworkServerEvent.Refused(RejectReason.MALFORMED_PAYLOAD, "not a The Things Stack uplink: " + e.getMessage());
        }
        for (String other : OTHER_MESSAGES) {
            if (message.containsKey(other)) {
                return new NetworkServerEvent.Other(other);
            }
        }
        return refused("neither an uplink_message nor one of " + String.join(", ", OTHER_MESSAGES));
    }

    private static NetworkServerEvent refused(String why) {
        return new NetworkServerEvent.Refused(RejectReason.UNSUPPORTED_FORMAT, "not a The Things Stack ApplicationUp message"
                + " or event: " + why);
    }

    private LoraWanUplink uplink(JsonObject message) {
        JsonObject ids = UplinkJson.object(message, "end_device_ids");
        JsonObject uplink = UplinkJson.object(message, "uplink_message");
        String devEui = UplinkJson.text(ids, "dev_eui");
        if (devEui == null || uplink == null) {
            throw new IllegalArgumentException("end_device_ids.dev_eui or uplink_message missing");
        }
        String receivedText = UplinkJson.text(uplink, "received_at");
        Instant time = UplinkJson.time(receivedText != null ? receivedText : UplinkJson.text(message, "received_at"));
        JsonArray rx = UplinkJson.array(uplink, "rx_metadata");
        JsonObject best = null;
        for (int i = 0; i < rx.size(); i++) {
            if (!(rx.getValue(i) instanceof JsonObject gateway)) {
                throw new IllegalArgumentException("rx_metadata[" + i + "] must be a JSON object");
            }
            if (best == null || rssi(gateway) != null && (rssi(best) == null || rssi(gateway) > rssi(best))) {
                best = gateway;
            }
        }
        JsonObject lora = UplinkJson.object(UplinkJson.object(UplinkJson.object(uplink, "settings"), "data_rate"), "lora");
        Long sf = UplinkJson.wholeNumber(lora, "spreading_factor");
        // Protobuf JSON leaves out zero values: an uplink without f_cnt has frame counter 0.
        Long fCnt = UplinkJson.wholeNumber(uplink, "f_cnt");
        Long fPort = UplinkJson.wholeNumber(uplink, "f_port");
        RadioReport radio = new RadioReport(source(), time != null ? time : Instant.now(), UplinkJson.text(ids, "dev_addr"),
                fCnt == null ? 0L : fCnt, fPort == null ? null : fPort.intValue(), rssi(best), UplinkJson.number(best, "snr"),
                UplinkJson.text(UplinkJson.object(best, "gateway_ids"), "gateway_id"), rx.size(), sf == null ? null : sf.intValue());
        JsonObject version = UplinkJson.object(uplink, "version_ids");
        String brand = UplinkJson.text(version, "brand_id");
        String model = UplinkJson.text(version, "model_id");
        String profile = model == null ? null : brand == null ? model : brand + "/" + model;
        return new LoraWanUplink(devEui, time, UplinkJson.object(uplink, "decoded_payload"), profile, radio);
    }

    private static Double rssi(JsonObject gateway) {
        Double rssi = UplinkJson.number(gateway, "rssi");
        return rssi != null ? rssi : UplinkJson.number(gateway, "channel_rssi");
    }
}
