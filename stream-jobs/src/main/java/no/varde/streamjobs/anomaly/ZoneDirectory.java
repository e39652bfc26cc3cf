package no.varde.streamjobs.anomaly;

import java.io.Serializable;
import java.util.function.LongConsumer;

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

    /**
     * A number that changes whenever the directory's answers may have changed (the registry was read
     * again); 0 until it has been read (and "never confirmed" to a detector). A fixed directory never changes.
     */
    default long version() {
        return 1;
    }

    /**
     * {@link #moved}, asked at most once per {@link #version} while the directory confirms the
     * device in {@code zone}: the series and silence detectors ask for every reading, and at 30,000
     * readings/s JFR put the lookups at about 7 % of the stream jobs' samples (measured after: silence
     * 10 % and the series thread 3 % less CPU; docs/capacity.md). A device the
     * directory does not know is asked about again at its next reading, so a lookup's miss still
     * re-reads a registry older than its new device.
     *
     * @param confirmedAt the version the caller last had the device confirmed at, 0 for never
     * @param confirm     takes the version to remember when the device is known and still in {@code zone}
     */
    default boolean movedSince(long confirmedAt, String deviceId, String zone, LongConsumer confirm) {
        long version = version();
        if (confirmedAt == version && version != 0) {
            return false;
        }
        if (moved(deviceId, zone)) {
            return true;
        }
        if (knows(deviceId)) {
            confirm.accept(version);
        }
        return false;
    }

    /** How many air stations the zone has (for "several stations" in a pollution episode). */
    int airStationsIn(String zone);
}
