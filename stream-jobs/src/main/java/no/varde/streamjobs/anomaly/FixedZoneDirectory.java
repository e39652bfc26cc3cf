package no.varde.streamjobs.anomaly;

import java.util.HashMap;
import java.util.Map;

/**
 * A directory given up front: device → zone, and zone → number of air stations (the offline
 * evaluation's town, and tests). Tests move a device with {@link #move} or {@link #forget}, which,
 * like a registry read, give the directory a new {@link #version}.
 */
public final class FixedZoneDirectory implements ZoneDirectory {
    private final Map<String, String> zones;
    private final Map<String, Integer> airStations;
    private long version = 1;

    public FixedZoneDirectory(Map<String, String> zones, Map<String, Integer> airStations) {
        this.zones = new HashMap<>(zones);
        this.airStations = new HashMap<>(airStations);
    }

    /** The registry now puts the device in {@code zone} (null: in none). */
    public void move(String deviceId, String zone) {
        zones.put(deviceId, zone);
        version++;
    }

    /** The registry no longer knows the device. */
    public void forget(String deviceId) {
        zones.remove(deviceId);
        version++;
    }

    @Override
    public String zoneOf(String deviceId) {
        return zones.get(deviceId);
    }

    @Override
    public boolean knows(String deviceId) {
        return zones.containsKey(deviceId);
    }

    @Override
    public long version() {
        return version;
    }

    @Override
    public int airStationsIn(String zone) {
        return airStations.getOrDefault(zone, 0);
    }
}
