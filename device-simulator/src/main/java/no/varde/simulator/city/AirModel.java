package no.varde.simulator.city;

/**
 * An air-quality station. Temperature follows the season and the sun (about -3 °C in January,
 * 16 °C in July) with weather that wanders over days; NO2 comes from traffic and is trapped by
 * cold, still winter mornings (inversions); PM10 rises with road dust in the studded-tyre spring;
 * PM2.5 with wood burning on winter evenings; ozone peaks on sunny spring and summer afternoons
 * and is eaten by NO2 near roads.
 */
final class AirModel {
    private final Noise noise;

    AirModel(Noise noise) {
        this.noise = noise;
    }

    private double weather(long second) {
        return noise.smooth("weather", second, 2 * 86_400);
    }

    double temperature(TownDevice d, Rhythm r, long second) {
        double season = -3.5 + 19.5 * r.summer();
        double dailyAmplitude = 2 + 3.5 * r.summer();
        double sun = Math.cos((r.hour() - 15) / 24 * 2 * Math.PI);
        return season + dailyAmplitude * sun + 3.5 * weather(second) + 0.2 * noise.gaussian(d.id() + ":temperature", second);
    }

    double humidity(TownDevice d, Rhythm r, long second) {
        double sun = Math.cos((r.hour() - 15) / 24 * 2 * Math.PI);
        double rh = 80 + 6 * (1 - r.summer()) - 14 * sun * (0.4 + 0.6 * r.summer()) + 6 * noise.smooth("humid", second, 86_400)
                + 1.5 * noise.gaussian(d.id() + ":humidity", second);
        return Math.max(15, Math.min(100, rh));
    }

    /** How much a cold, still morning traps exhaust: 0 most of the time, up to about 1.5 in winter. */
    double inversion(Rhythm r, long second) {
        double cold = Math.max(0, -weather(second));
        double seasonWeight = r.winter() ? 1 : 0.25;
        double timeOfDay = Math.max(Rhythm.bump(r.hour(), 8, 3), 0.6 * Rhythm.bump(r.hour(), 22, 3));
        return cold * seasonWeight * timeOfDay;
    }

    double no2(TownDevice d, Rhythm r, long second, double episode) {
        double traffic = TrafficModel.profile(r);
        double value = 8 + 38 * traffic * (1 + 1.5 * inversion(r, second)) + 3 * noise.gaussian(d.id() + ":no2", second);
        return Math.max(0.5, value * (1 + episode));
    }

    double pm10(TownDevice d, Rhythm r, long second, double episode) {
        double traffic = TrafficModel.profile(r);
        double dry = Math.max(0, noise.smooth("dry-roads", second, 86_400));
        double value = 9 + 10 * traffic + 70 * r.roadDustSeason() * traffic * dry + 2 * noise.gaussian(d.id() + ":pm10", second);
        return Math.max(0.5, value * (1 + episode));
    }

    double pm25(TownDevice d, Rhythm r, long second, double episode) {
        double traffic = TrafficModel.profile(r);
        double woodBurning = (1 - r.summer()) * Rhythm.bump(r.hour(), 20, 3) * 12 * (1 + inversion(r, second));
        double value = 4 + 3.5 * traffic + woodBurning + 1.0 * noise.gaussian(d.id() + ":pm25", second);
        return Math.max(0.3, value * (1 + episode));
    }

    double o3(TownDevice d, Rhythm r, long second) {
        double sunny = r.summer() * Rhythm.bump(r.hour(), 15, 4);
        double value = 40 + 35 * sunny + 8 * weather(second) - 0.35 * no2(d, r, second, 0) + 4 * noise.gaussian(d.id() + ":o3", second);
        return Math.max(2, value);
    }
}
