package no.varde.ingest.lorawan;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * One uplink from a LoRaWAN network server, reduced to what Varde needs: whose (DevEUI), when,
 * and the fields the network server's payload codec decoded.
 */
public record LoraWanUplink(String devEui, Instant time, JsonObject decoded) {

    /** ChirpStack v4 HTTP integration, event "up" (protobuf JSON: deviceInfo.devEui, time, object). */
    public static LoraWanUplink fromChirpStack(JsonObject event) {
        JsonObject info = event.getJsonObject("deviceInfo");
        if (info == null || info.getString("devEui") == null) {
            throw new IllegalArgumentException("not a ChirpStack uplink event: deviceInfo.devEui missing");
        }
        return new LoraWanUplink(info.getString("devEui"), time(event.getString("time")), event.getJsonObject("object"));
    }

    /** The Things Stack v3 webhook, uplink message (end_device_ids.dev_eui, uplink_message.decoded_payload). */
    public static LoraWanUplink fromTheThingsStack(JsonObject message) {
        JsonObject ids = message.getJsonObject("end_device_ids");
        JsonObject uplink = message.getJsonObject("uplink_message");
        if (ids == null || ids.getString("dev_eui") == null || uplink == null) {
            throw new IllegalArgumentException("not a The Things Stack uplink message: end_device_ids.dev_eui or uplink_message missing");
        }
        String received = uplink.getString("received_at", message.getString("received_at"));
        return new LoraWanUplink(ids.getString("dev_eui"), time(received), uplink.getJsonObject("decoded_payload"));
    }

    private static Instant time(String iso) {
        if (iso == null) {
            return null;
        }
        try {
            return Instant.parse(iso);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("time '" + iso + "' is not an ISO-8601 instant");
        }
    }
}
