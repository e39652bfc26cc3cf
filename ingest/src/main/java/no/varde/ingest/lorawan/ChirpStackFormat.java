package no.varde.ingest.lorawan;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Set;
import no.varde.model.validation.RejectReason;
import no.varde.storage.RadioReport;

/**
 * ChirpStack v4's HTTP integration with the JSON marshaler: {@code POST ?event=up} with an uplink
 * event ({@code deviceInfo.devEui}, {@code time}, {@code object}, {@code rxInfo}, {@code fCnt}).
 * The other documented events carry no readings. A ChirpStack v3 body ({@code devEUI} and
 * {@code applicationID} at the top level) is refused with what was expected: storing it under
 * v4 rules would silently lose its readings.
 */
public final class ChirpStackFormat implements NetworkServerFormat {
    /** ChirpStack v4's event types besides "up" (HTTP integration documentation). */
    static final Set<String> OTHER_EVENTS = Set.of("join", "status", "ack", "txack", "log", "location", "integration");

    @Override
    public String source() {
        return "chirpstack";
    }

    @Override
    public NetworkServerEvent classify(String event, JsonObject body) {
        if (body.containsKey("devEUI") || body.containsKey("applicationID") || body.containsKey("objectJSON")) {
            return new NetworkServerEvent.Refused(RejectReason.UNSUPPORTED_FORMAT, "this is a ChirpStack v3 event"
                    + " (devEUI/applicationID at the top level); this endpoint takes ChirpStack v4 events with the JSON"
                    + " marshaler (deviceInfo.devEui, object, rxInfo)");
        }
        if (event == null) {
            return new NetworkServerEvent.Refused(RejectReason.MALFORMED_PAYLOAD,
                    "the event query parameter is missing: ChirpStack posts ?event=up for uplinks");
        }
        if (OTHER_EVENTS.contains(event)) {
            return new NetworkServerEvent.Other(event);
        }
        if (!event.equals("up")) {
            return new NetworkServerEvent.Refused(RejectReason.UNSUPPORTED_FORMAT, "unknown ChirpStack event '"
                    + NumericText.printable(event) + "'; known: up, " + String.join(", ", OTHER_EVENTS.stream().sorted().toList()));
        }
        try {
            return new NetworkServerEvent.Uplink(uplink(body));
        } catch (IllegalArgumentException e) {
            return new NetworkServerEvent.Refused(RejectReason.MALFORMED_PAYLOAD, "not a ChirpStack v4 uplink: " + e.getMessage());
        }
    }

    private LoraWanUplink uplink(JsonObject event) {
        JsonObject info = UplinkJson.object(event, "deviceInfo");
        String devEui = UplinkJson.text(info, "devEui");
        if (devEui == null) {
            throw new IllegalArgumentException("deviceInfo.devEui missing");
        }
        Instant time = UplinkJson.time(UplinkJson.text(event, "time"));
        Instant received = time != null ? time : Instant.now();
        // The best-heard gateway: the one with the strongest signal.
        JsonArray rx = UplinkJson.array(event, "rxInfo");
        JsonObject best = null;
        for (int i = 0; i < rx.size(); i++) {
            if (!(rx.getValue(i) instanceof JsonObject gateway)) {
                throw new IllegalArgumentException("rxInfo[" + i + "] must be a JSON object");
            }
            Double rssi = UplinkJson.number(gateway, "rssi");
            if (best == null || rssi != null && (UplinkJson.number(best, "rssi") == null || rssi > UplinkJson.number(best, "rssi"))) {
                best = gateway;
            }
        }
        JsonObject lora = UplinkJson.object(UplinkJson.object(UplinkJson.object(event, "txInfo"), "modulation"), "lora");
        Long sf = UplinkJson.wholeNumber(lora, "spreadingFactor");
        Long fPort = UplinkJson.wholeNumber(event, "fPort");
        RadioReport radio = new RadioReport(source(), received, UplinkJson.text(event, "devAddr"),
                UplinkJson.wholeNumber(event, "fCnt"), fPort == null ? null : fPort.intValue(),
                UplinkJson.number(best, "rssi"), UplinkJson.number(best, "snr"), UplinkJson.text(best, "gatewayId"),
                rx.size(), sf == null ? null : sf.intValue());
        return new LoraWanUplink(devEui, time, UplinkJson.object(event, "object"), UplinkJson.text(info, "deviceProfileName"), radio);
    }
}
