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

    /**
     * Whether the directory knows the device (its zone, or that it has none). A detector moves a
     * device to the zone {@link #zoneOf} gives only when it is known: a registry that could not be
     * read (a database outage at start) must not move every device out of its zone.
     */
    default boolean knows(String deviceId) {
        return true;
    }

    /**
     * Whether the registry now puts a device that a detector holds in {@code zone} elsewhere: it
     * knows the device, in another zone (or in none). The one test the detectors use before
     * moving a device.
     */
    default boolean moved(String deviceId, String zone) {
        return !java.util.Objects.equals(zoneOf(deviceId), zone) && knows(deviceId);
    }

    /** How many air stations the zone has (for "several stations" in a pollution episode). */
    int airStationsIn(String zone);
}
