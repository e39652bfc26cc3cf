package no.varde.streamjobs.detect;

import java.io.Serializable;
import no.varde.model.Domain;

/** What a series is: the device, the metric and its unit, and the device's zone (may be null). */
public record Series(String deviceId, String metric, String unit, Domain domain, String zone) implements Serializable {

    /** "water.pressure at w-12 (zone Nord)". */
    public String describe() {
        return metric + " at " + deviceId + (zone == null ? "" : " (zone " + zone + ")");
    }

    public String subject() {
        return deviceId + '/' + metric;
    }
}
