package no.varde.simulator;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Random;
import no.varde.model.Metric;

/**
 * Plausible values for a metric: a base level, a daily rhythm and noise, clipped to the
 * catalogue's plausible range. Simple on purpose (the realistic city comes with the simulator
 * issue), but shaped like the real thing: water demand and traffic peak morning and evening,
 * pressure dips when demand peaks, temperature follows the sun.
 */
final class SignalModel {
    private static final ZoneId OSLO = ZoneId.of("Europe/Oslo");

    /** base, relative amplitude of the daily shape, noise (standard deviation), shape. */
    private record Profile(double base, double amplitude, double noise, Shape shape) {
    }

    private enum Shape { FLAT, DEMAND, INVERSE_DEMAND, SUN }

    private static final Map<String, Profile> PROFILES = Map.ofEntries(
            Map.entry("water.pressure", new Profile(4.2, 0.08, 0.03, Shape.INVERSE_DEMAND)),
            Map.entry("water.flow", new Profile(40, 0.6, 1.5, Shape.DEMAND)),
            Map.entry("water.reservoir_level", new Profile(8, 0.05, 0.02, Shape.INVERSE_DEMAND)),
            Map.entry("water.turbidity", new Profile(0.3, 0.0, 0.05, Shape.FLAT)),
            Map.entry("water.ph", new Profile(7.8, 0.0, 0.05, Shape.FLAT)),
            Map.entry("water.chlorine", new Profile(0.3, 0.0, 0.02, Shape.FLAT)),
            Map.entry("air.pm2_5", new Profile(8, 0.5, 1.5, Shape.DEMAND)),
            Map.entry("air.pm10", new Profile(15, 0.5, 3, Shape.DEMAND)),
            Map.entry("air.no2", new Profile(25, 0.8, 4, Shape.DEMAND)),
            Map.entry("air.o3", new Profile(50, 0.3, 5, Shape.SUN)),
            Map.entry("air.temperature", new Profile(5, 0.8, 0.3, Shape.SUN)),
            Map.entry("air.humidity", new Profile(75, -0.15, 2, Shape.SUN)),
            Map.entry("traffic.vehicle_count", new Profile(20, 1.2, 3, Shape.DEMAND)),
            Map.entry("traffic.speed", new Profile(45, 0.2, 3, Shape.INVERSE_DEMAND)),
            Map.entry("traffic.occupancy", new Profile(10, 1.0, 1.5, Shape.DEMAND)));

    private SignalModel() {
    }

    static double value(Metric metric, Instant at, Random random) {
        Profile p = PROFILES.getOrDefault(metric.name(), new Profile((metric.min() + metric.max()) / 2, 0, 0, Shape.FLAT));
        ZonedDateTime local = at.atZone(OSLO);
        double hour = local.getHour() + local.getMinute() / 60.0;
        double value = p.base() * (1 + p.amplitude() * shape(p.shape(), hour)) + p.noise() * random.nextGaussian();
        return Math.max(metric.min(), Math.min(metric.max(), value));
    }

    /** Daily shapes in [-1, 1]. */
    private static double shape(Shape shape, double hour) {
        return switch (shape) {
            case FLAT -> 0;
            case DEMAND -> demand(hour);
            case INVERSE_DEMAND -> -demand(hour);
            case SUN -> Math.cos((hour - 14) / 24 * 2 * Math.PI);
        };
    }

    /** Two peaks (07:30 and 17:30) over a night minimum around 03:00. */
    private static double demand(double hour) {
        double morning = Math.exp(-Math.pow((hour - 7.5) / 1.5, 2));
        double evening = Math.exp(-Math.pow((hour - 17.5) / 2.0, 2));
        return Math.min(1, morning + evening) * 2 - 1;
    }
}
