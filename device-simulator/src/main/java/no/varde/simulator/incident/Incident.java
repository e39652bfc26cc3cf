package no.varde.simulator.incident;

import java.time.Instant;
import java.util.List;

/**
 * An incident resolved against the town: exactly which devices and metrics it touches and when.
 * This is the ground truth a detector is measured against.
 *
 * @param magnitude how strong: for a leak the extra flow as a share of the zone's mean demand; for
 *                  a pollution episode the relative rise; for spike and drift multiples of the
 *                  metric's usual spread
 * @param variant   for bad data: out_of_range, wrong_unit or malformed
 */
public record Incident(String id, IncidentKind kind, String zone, List<String> devices, List<String> metrics,
                       Instant start, Instant end, double magnitude, String variant) {
    public Incident {
        devices = List.copyOf(devices);
        metrics = List.copyOf(metrics);
    }

    public boolean activeAt(Instant t) {
        return !t.isBefore(start) && t.isBefore(end);
    }

    public boolean touches(String device) {
        return devices.contains(device);
    }

    /** 0 at the start, rising to 1 at the end. */
    public double progress(Instant t) {
        double span = end.toEpochMilli() - start.toEpochMilli();
        return span <= 0 ? 1 : Math.min(1, Math.max(0, (t.toEpochMilli() - start.toEpochMilli()) / span));
    }

    /** A smooth rise over the first {@code rampSeconds} and fall over the last, for episodes that build and fade. */
    public double envelope(Instant t, long rampSeconds) {
        double in = (t.getEpochSecond() - start.getEpochSecond()) / (double) rampSeconds;
        double out = (end.getEpochSecond() - t.getEpochSecond()) / (double) rampSeconds;
        return Math.max(0, Math.min(1, Math.min(in, out)));
    }
}
