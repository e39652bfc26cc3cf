package no.varde.simulator.incident;

import java.util.Locale;

/** What can go wrong in the simulated town, and whether it touches a zone or one device. */
public enum IncidentKind {
    /** A burst or leaking main: flow rises (most visibly the minimum night flow) and pressure drops across a zone. */
    LEAK(true),
    /** One absurd but plausible reading from a sensor. */
    SPIKE(false),
    /** A sensor whose readings wander steadily away from the truth. */
    DRIFT(false),
    /** A stuck sensor: the same value again and again. */
    STUCK(false),
    /** The device goes silent (power, radio or battery). */
    DROPOUT(false),
    /** Raised particulate and NO2 levels at every air station of a zone. */
    POLLUTION_EPISODE(true),
    /** A crash or blockage at a counting site: speed collapses, occupancy rises, fewer vehicles pass. */
    TRAFFIC_INCIDENT(false),
    /** The device sends what ingest must reject: out of range, a wrong unit, or a malformed payload. */
    BAD_DATA(false);

    private final boolean zoneWide;

    IncidentKind(boolean zoneWide) {
        this.zoneWide = zoneWide;
    }

    public boolean zoneWide() {
        return zoneWide;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static IncidentKind fromId(String id) {
        String key = id.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (IncidentKind k : values()) {
            if (k.name().equals(key)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown incident kind '" + id + "' (known: leak, spike, drift, stuck, dropout, "
                + "pollution_episode, traffic_incident, bad_data)");
    }
}
