package no.varde.model.anomaly;

import java.util.Locale;

/** What kind of anomaly a detector found; the id is what the {@code anomalies} table stores. */
public enum AnomalyKind {
    /** A value outside a regulatory or operational limit (rules file). */
    LIMIT,
    /** A value (or recent values) improbable for this series at this time of day and week. */
    STATISTICAL,
    /** A sudden jump away from the recent level. */
    SPIKE,
    /** The same value again and again from a series that normally varies: a stuck sensor. */
    FLATLINE,
    /** One sensor slowly walking away from the other sensors of its metric while nothing else moved. */
    DRIFT,
    /** A device or one of its metrics stopped reporting. */
    SILENCE,
    /** Flow up and pressure down together in a zone. */
    LEAK,
    /** Speed down and occupancy up together at a counting site. */
    TRAFFIC_INCIDENT,
    /** Several air stations of a zone elevated together. */
    POLLUTION_EPISODE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AnomalyKind fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
