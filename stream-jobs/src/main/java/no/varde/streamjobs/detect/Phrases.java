package no.varde.streamjobs.detect;

import java.time.Duration;
import java.util.Locale;

/** How explanations write numbers and durations: three significant figures, with the unit. */
final class Phrases {
    private Phrases() {
    }

    static String value(double v, String unit) {
        return number(v) + (unit == null || unit.isEmpty() ? "" : " " + unit);
    }

    static String number(double v) {
        if (!Double.isFinite(v)) {
            return "?";
        }
        double a = Math.abs(v);
        String text = a >= 100 ? String.format(Locale.ROOT, "%.0f", v)
                : a >= 10 ? String.format(Locale.ROOT, "%.1f", v)
                : a >= 1 ? String.format(Locale.ROOT, "%.2f", v)
                : String.format(Locale.ROOT, "%.3f", v);
        return text.equals("-0") ? "0" : text;
    }

    private static final java.time.format.DateTimeFormatter CLOCK =
            java.time.format.DateTimeFormatter.ofPattern("d.M. HH:mm", java.util.Locale.ROOT).withZone(java.time.ZoneId.of("Europe/Oslo"));

    /** "4.3. 20:21 (Oslo time)": the Norwegian way of writing a date and time, in the town's time zone. */
    static String clock(java.time.Instant at) {
        return CLOCK.format(at) + " (Oslo time)";
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f %%", share * 100);
    }

    static String duration(Duration d) {
        long s = d.toSeconds();
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return (s / 60) + " minutes";
        }
        return String.format(Locale.ROOT, "%.1f hours", s / 3600.0);
    }
}
