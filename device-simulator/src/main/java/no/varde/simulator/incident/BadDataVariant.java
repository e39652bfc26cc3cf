package no.varde.simulator.incident;

import java.util.Locale;

/** The ways a device sends data that ingest must refuse, each exercising a different rejection. */
public enum BadDataVariant {
    /** A value outside the metric's physically possible range (a sensor or scaling fault). */
    OUT_OF_RANGE,
    /** A unit Varde does not accept for the metric (a misconfigured logger sending psi or raw millivolts). */
    WRONG_UNIT,
    /** A payload that is not valid SenML (a truncated radio frame or firmware bug). */
    MALFORMED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static BadDataVariant fromId(String id) {
        try {
            return valueOf(id.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown bad-data variant '" + id + "' (known: out_of_range, wrong_unit, malformed)");
        }
    }
}
