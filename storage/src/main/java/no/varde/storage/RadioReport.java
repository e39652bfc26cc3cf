package no.varde.storage;

import java.time.Instant;

/**
 * What a LoRaWAN network server said about one uplink's radio: the best gateway's RSSI and SNR,
 * how many gateways heard it, the frame counter and the session address. Any part may be unknown
 * (null): network servers leave out what they do not have.
 */
public record RadioReport(String source, Instant receivedAt, String devAddr, Long fCnt, Integer fPort, Double rssi,
                          Double snr, String gatewayId, Integer gatewayCount, Integer spreadingFactor) {
}
