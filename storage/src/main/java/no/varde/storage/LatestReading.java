package no.varde.storage;

import java.time.Instant;

/** The newest stored value of one device's metric. */
public record LatestReading(String deviceId, String metric, Instant time, double value, String unit) {
}
