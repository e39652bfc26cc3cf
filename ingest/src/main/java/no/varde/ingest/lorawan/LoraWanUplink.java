package no.varde.ingest.lorawan;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import no.varde.storage.RadioReport;

/**
 * One uplink from a LoRaWAN network server, reduced to what Varde needs: whose (DevEUI), when,
 * the fields the network server's payload codec decoded, the device profile or model the network
 * server knows it by, and the radio metadata.
 *
 * @param time    the uplink's time, or null when the network server gave none (the receive time is used)
 * @param decoded the codec's output, or null when no codec ran
 * @param profile ChirpStack's device-profile name, or The Things Stack's {@code brand/model}; null when not given
 */
public record LoraWanUplink(String devEui, Instant time, JsonObject decoded, String profile, RadioReport radio) {
}
