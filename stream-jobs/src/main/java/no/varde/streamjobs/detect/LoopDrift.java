package no.varde.streamjobs.detect;

import java.time.Instant;
import no.varde.model.anomaly.Anomaly;
import no.varde.model.anomaly.AnomalyKind;
import no.varde.model.anomaly.Severity;

/**
 * Drift at a traffic counting site, for {@link DriftDetector}: the site's vehicle count against
 * the flow its occupancy and speed imply. What a loop counts depends on its road, so other roads
 * are poor neighbours (compared with the town, counts gave 20–30 false drifts a week); but at one
 * loop, occupancy is flow times vehicle length over speed, so occupancy × speed follows the
 * vehicles that pass, and, each standardised by its own history, it and the count move together
 * through rush hours (when speed falls and occupancy rises faster than the count: compared without
 * the speed, the two parted every rush hour), weekends and weather. A count or an occupancy
 * drifting off its calibration pulls them apart. The two cannot say which of them walked, so the
 * anomaly names the site, not one metric, and says how far the count stands from what the
 * occupancy implies.
 *
 * <p>The same rules as every drift apply (gradual, not stuck, the site's speed not departing: a
 * crash or a queue moves count, occupancy and speed at once, which the traffic-incident detector
 * reports).
 */
final class LoopDrift {
    static final String COUNT = "traffic.vehicle_count";
    static final String OCCUPANCY = "traffic.occupancy";
    static final String SPEED = "traffic.speed";

    private LoopDrift() {
    }

    /** In proportion to the flow (occupancy = flow × vehicle length / speed): occupancy (%) × speed (km/h). */
    static double impliedFlow(double occupancy, double speed) {
        return occupancy * speed;
    }

    /** The count the occupancy implies: its implied flow's standing, in the count's own units. */
    static double impliedCount(DriftTrack count, DriftTrack occupancy) {
        return Math.max(0, count.mean + occupancy.standardised * count.standardDeviation());
    }

    /**
     * The count less the count the occupancy implies, in Poisson units (√ of the implied count):
     * a count's noise grows with it, so a busy road's rush hour is not judged by night-time wobble.
     */
    static double gap(DriftTrack count, DriftTrack occupancy) {
        double implied = impliedCount(count, occupancy);
        return (count.value() - implied) / Math.sqrt(implied + 1);
    }

    /** The anomaly for {@code count}, whose gap to the count {@code occupancy} implies is beyond its usual. */
    static Anomaly open(DriftTrack count, DriftTrack occupancy, double occupied, double speed, long at) {
        double poisson = Math.sqrt(impliedCount(count, occupancy) + 1);
        double offset = (count.smoothGap - count.usualGap) * poisson;
        double wobble = count.usualWobble * poisson;
        Instant since = Instant.ofEpochMilli(count.departedAt == Long.MIN_VALUE ? at : count.departedAt);
        double value = count.value();
        Series site = count.series;
        String explanation = COUNT + " and " + OCCUPANCY + " at " + site.deviceId() + (site.zone() == null ? "" : " (zone " + site.zone() + ")")
                + " have drifted apart since " + Phrases.clock(since) + ": the count stands " + Phrases.value(Math.abs(offset), site.unit())
                + (offset > 0 ? " above" : " below") + " what an occupancy of "
                + Phrases.value(occupied, occupancy.series.unit()) + " at " + Phrases.value(speed, "km/h")
                + " usually comes with (give or take " + Phrases.value(wobble, site.unit())
                + "), while the site's speed and the zone's other loops did not move: one of the loop's two measurements is likely"
                + " drifting off its calibration";
        // No metric: either of the two may be the one that walked.
        return new Anomaly(Anomaly.idFor(AnomalyKind.DRIFT, site.deviceId() + "/loop", since), 0, AnomalyKind.DRIFT, Severity.WARNING,
                Anomaly.Status.OPEN, site.domain(), site.zone(), java.util.List.of(site.deviceId()), null,
                Math.min(1, Math.abs(count.z) / (2 * DriftDetector.OPEN_AT)), value, value - offset - 3 * wobble, value - offset + 3 * wobble,
                since, Instant.ofEpochMilli(at), null, explanation);
    }
}
