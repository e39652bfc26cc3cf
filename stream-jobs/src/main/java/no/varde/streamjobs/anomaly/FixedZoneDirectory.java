package no.varde.streamjobs.anomaly;

import java.util.HashMap;
import java.util.Map;

/** A directory given up front: device → zone, and zone → number of air stations. */
public record FixedZoneDirectory(Map<String, String> zones, Map<String, Integer> airStations) implements ZoneDirectory {
    public FixedZoneDirectory {
        zones = new HashMap<>(zones);
        airStations = new HashMap<>(airStations);
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
    public int airStationsIn(String zone) {
        return airStations.getOrDefault(zone, 0);
    }
}
