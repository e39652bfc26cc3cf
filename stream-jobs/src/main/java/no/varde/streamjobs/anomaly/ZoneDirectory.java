package no.varde.streamjobs.anomaly;

import java.io.Serializable;

/**
 * Where devices are: readings carry no zone, so the detectors look it up here. The production
 * directory reads the device registry ({@link JdbcZoneDirectory}); tests and the offline
 * evaluation give a fixed one.
 */
public interface ZoneDirectory extends Serializable {
    /** The device's zone, or null when it has none or is unknown. */
    String zoneOf(String deviceId);

    /** How many air stations the zone has (for "several stations" in a pollution episode). */
    int airStationsIn(String zone);
}
