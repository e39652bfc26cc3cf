package no.varde.simulator.city;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The town's clock as its people live it, in local time (Europe/Oslo by default, so daylight
 * saving moves the peaks with the clocks): hour of day, working day or weekend, day of year.
 */
public record Rhythm(double hour, boolean weekend, int dayOfYear) {

    public static Rhythm at(Instant instant, ZoneId zone) {
        ZonedDateTime local = instant.atZone(zone);
        DayOfWeek day = local.getDayOfWeek();
        double hour = local.getHour() + local.getMinute() / 60.0 + local.getSecond() / 3600.0;
        return new Rhythm(hour, day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY, local.getDayOfYear());
    }

    /** A bump centred on {@code centre} (hours) with the given width, wrapping round midnight. */
    public static double bump(double hour, double centre, double width) {
        double d = Math.abs(hour - centre);
        d = Math.min(d, 24 - d);
        return Math.exp(-(d / width) * (d / width));
    }

    /** 0 in midwinter, 1 in midsummer (cosine over the year, coldest around 20 January). */
    public double summer() {
        return (1 - Math.cos(2 * Math.PI * (dayOfYear - 20) / 365.25)) / 2;
    }

    /** Winter months (November to March), when inversions and wood burning matter. */
    public boolean winter() {
        return dayOfYear >= 305 || dayOfYear <= 90;
    }

    /** Studded-tyre season with dry roads in spring: road dust (PM10) in February to April. */
    public double roadDustSeason() {
        return dayOfYear >= 32 && dayOfYear <= 120 ? Math.sin(Math.PI * (dayOfYear - 32) / 88.0) : 0;
    }
}
