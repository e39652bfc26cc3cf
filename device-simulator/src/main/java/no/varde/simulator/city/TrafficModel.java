package no.varde.simulator.city;

/**
 * A counting site on a road. Volume follows commuters on working days (07:30 and 15:45, the
 * Norwegian working day ends early) and a broad midday hump at weekends; speed falls as volume
 * nears capacity (the BPR volume-delay curve); occupancy is flow times vehicle length over speed.
 */
final class TrafficModel {
    /** Effective vehicle length plus loop length, metres. */
    private static final double VEHICLE_LENGTH = 6.5;

    private final Noise noise;

    TrafficModel(Noise noise) {
        this.noise = noise;
    }

    /** Demand relative to the peak hour, in [0, 1]. */
    static double profile(Rhythm r) {
        double h = r.hour();
        double p = r.weekend()
                ? 0.04 + 0.55 * Rhythm.bump(h, 13.0, 3.5) + 0.15 * Rhythm.bump(h, 18.0, 2.0)
                : 0.04 + 0.96 * Rhythm.bump(h, 7.5, 1.1) + 0.90 * Rhythm.bump(h, 15.75, 1.4) + 0.40 * Rhythm.bump(h, 12.0, 2.5);
        return Math.min(1, p);
    }

    private double capacity(TownDevice d) {
        return noise.uniform(d.id() + ":lanes", 0) < 0.4 ? 3600 : 1800;
    }

    private double freeSpeed(TownDevice d) {
        double u = noise.uniform(d.id() + ":road", 0);
        return u < 0.5 ? 50 : u < 0.8 ? 60 : 80;
    }

    /** Vehicles per hour. */
    double volume(TownDevice d, Rhythm r, long second) {
        double peakShare = 0.65 + 0.3 * noise.uniform(d.id() + ":peak", 0);
        double weather = 1 + 0.05 * noise.smooth("traffic-day", second, 86_400);
        return capacity(d) * peakShare * profile(r) * weather;
    }

    double vehicleCount(TownDevice d, Rhythm r, long second, double severity) {
        double mean = volume(d, r, second) * d.interval().toSeconds() / 3600.0 * (1 - 0.6 * severity);
        return Math.max(0, Math.round(mean + Math.sqrt(mean) * noise.gaussian(d.id() + ":count", second)));
    }

    double speed(TownDevice d, Rhythm r, long second, double severity) {
        double x = volume(d, r, second) / capacity(d);
        double speed = freeSpeed(d) / (1 + 0.15 * Math.pow(x, 4)) + 2.5 * noise.gaussian(d.id() + ":speed", second);
        speed = severity > 0 ? speed * (1 - severity) + (6 + 3 * noise.uniform(d.id() + ":jam", second)) * severity : speed;
        return Math.max(1, speed);
    }

    double occupancy(TownDevice d, Rhythm r, long second, double severity) {
        double perLane = volume(d, r, second) / (capacity(d) / 1800);
        double occupancy = perLane * VEHICLE_LENGTH / (speed(d, r, second, 0) * 1000) * 100;
        occupancy = occupancy * (1 - severity) + (55 + 15 * noise.uniform(d.id() + ":queue", second)) * severity;
        return Math.max(0, Math.min(100, occupancy + 1.0 * noise.gaussian(d.id() + ":occupancy", second)));
    }
}
