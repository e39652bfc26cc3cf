package no.varde.simulator.city;

import no.varde.simulator.scenario.Scenario.Zone;

/**
 * A zone of the water network. Demand follows the residents' day (morning and evening peaks over
 * a night minimum; later and flatter at weekends) on top of a constant background leakage; the
 * pressure gauges read the zone's static pressure less the friction loss, which grows with the
 * square of the flow, so pressure sags when demand peaks; reservoirs drain by day and refill at
 * night; chlorine falls a little when water stands longer in the pipes at night.
 */
final class WaterModel {
    /** Litres per resident per day, households and businesses together (Norwegian networks deliver ~180-250). */
    private static final double LITRES_PER_RESIDENT_DAY = 220;
    /** Background leakage as a share of mean demand: the floor under the minimum night flow. */
    private static final double BACKGROUND_LEAKAGE = 0.12;
    /** Friction loss in bar at mean flow. */
    private static final double HEAD_LOSS_AT_MEAN = 0.35;
    /** Extra pressure loss near a burst, in bar, per unit of leak magnitude. */
    private static final double BURST_LOCAL_LOSS = 0.6;
    private static final double WEEKDAY_MEAN = meanOf(false);
    private static final double[] RESERVOIR_CURVE = reservoirCurve();

    private final Noise noise;

    WaterModel(Noise noise) {
        this.noise = noise;
    }

    /** Demand relative to the daily mean (about 0.35 at 03:00, 1.7 at the morning peak on working days). */
    static double demandFactor(Rhythm r) {
        return rawDemand(r.hour(), r.weekend()) / WEEKDAY_MEAN;
    }

    private static double rawDemand(double h, boolean weekend) {
        if (weekend) {
            return 0.22 + 1.05 * Rhythm.bump(h, 10.0, 2.4) + 0.75 * Rhythm.bump(h, 19.0, 2.8) + 0.35 * Rhythm.bump(h, 14.0, 3.0);
        }
        return 0.22 + 1.35 * Rhythm.bump(h, 7.2, 1.3) + 0.85 * Rhythm.bump(h, 19.0, 2.4) + 0.40 * Rhythm.bump(h, 12.5, 2.5);
    }

    static double meanDemand(Zone zone) {
        return zone.population() * LITRES_PER_RESIDENT_DAY / 1000.0 / 24.0;
    }

    /** Flow into the zone in m3/h, with {@code leak} extra flow as a share of mean demand. */
    double zoneFlow(Zone zone, Rhythm r, long second, double leak) {
        double weather = 1 + 0.04 * noise.smooth("water-demand:" + zone.name(), second, 2 * 86_400);
        return meanDemand(zone) * (demandFactor(r) * weather + BACKGROUND_LEAKAGE + leak);
    }

    double flow(TownDevice d, Rhythm r, long second, double leak) {
        double q = zoneFlow(d.zone(), r, second, leak) * d.share();
        return q * (1 + 0.015 * noise.gaussian(d.id() + ":flow", second));
    }

    double pressure(TownDevice d, Rhythm r, long second, double leak) {
        double relative = zoneFlow(d.zone(), r, second, leak) / (meanDemand(d.zone()) * (1 + BACKGROUND_LEAKAGE));
        double elevation = 0.6 * (noise.uniform(d.id() + ":elevation", 0) - 0.5);
        double loss = HEAD_LOSS_AT_MEAN * relative * relative + BURST_LOCAL_LOSS * leak;
        return d.zone().staticPressure() + elevation - loss + 0.02 * noise.gaussian(d.id() + ":pressure", second);
    }

    /** Metres above the floor: about 6 m, 1.5 m lower in the evening than at dawn. */
    double reservoirLevel(TownDevice d, Rhythm r, long second, double leak) {
        int slot = (int) Math.floor(r.hour() * 12) % RESERVOIR_CURVE.length;
        double drained = RESERVOIR_CURVE[slot] * 1.5;
        double fill = 6.0 + 0.4 * noise.smooth(d.id() + ":fill", second, 3 * 86_400);
        return Math.max(0.2, fill - drained - 2.0 * leak * r.hour() / 24 + 0.005 * noise.gaussian(d.id() + ":level", second));
    }

    double turbidity(TownDevice d, long second) {
        return Math.max(0.02, 0.25 + 0.08 * noise.smooth(d.id() + ":turb", second, 86_400) + 0.03 * noise.gaussian(d.id() + ":turbidity", second));
    }

    double ph(TownDevice d, long second) {
        return 7.9 + 0.08 * noise.smooth(d.id() + ":ph", second, 2 * 86_400) + 0.02 * noise.gaussian(d.id() + ":ph", second);
    }

    double chlorine(TownDevice d, Rhythm r, long second) {
        double age = 1 - Math.min(1, demandFactor(r));
        return Math.max(0.02, 0.32 - 0.06 * age + 0.02 * noise.smooth(d.id() + ":cl", second, 86_400)
                + 0.01 * noise.gaussian(d.id() + ":chlorine", second));
    }

    private static double meanOf(boolean weekend) {
        double sum = 0;
        for (int i = 0; i < 24 * 60; i++) {
            sum += rawDemand(i / 60.0, weekend);
        }
        return sum / (24 * 60);
    }

    /**
     * Share of the daily swing drained at each 5-minute slot of a working day: the running sum of
     * (demand - mean), normalised to [0, 1]. It returns to its start at midnight, so the level is continuous.
     */
    private static double[] reservoirCurve() {
        double[] curve = new double[288];
        double level = 0;
        double min = 0;
        double max = 0;
        for (int i = 0; i < curve.length; i++) {
            level += rawDemand(i / 12.0, false) / WEEKDAY_MEAN - 1;
            curve[i] = level;
            min = Math.min(min, level);
            max = Math.max(max, level);
        }
        for (int i = 0; i < curve.length; i++) {
            curve[i] = (curve[i] - min) / (max - min);
        }
        return curve;
    }
}
