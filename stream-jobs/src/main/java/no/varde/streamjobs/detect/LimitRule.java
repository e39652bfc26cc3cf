package no.varde.streamjobs.detect;

import java.io.Serializable;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import no.varde.model.anomaly.Severity;

/**
 * One limit from the rules file: a metric must stay below (or above) a value, averaged over a
 * period, for at least a while, optionally only in some zones; with the source it comes from.
 *
 * @param upper    true for "above", false for "below"
 * @param clear    where it is over again (hysteresis): below it for an upper limit, above it for a lower one
 * @param minimum  how long a breach must last (readings only; averaged rules are already averaged)
 * @param zones    the zones it applies to; empty for all
 */
public record LimitRule(String id, String metric, boolean upper, double limit, double clear, Duration minimum,
                        Averaging average, Severity severity, Set<String> zones, String source) implements Serializable {

    /** The averaging period the regulation states. */
    public enum Averaging {
        NONE(0), HOUR(1), EIGHT_HOURS(8), DAY(24);

        private final int hours;

        Averaging(int hours) {
            this.hours = hours;
        }

        public int hours() {
            return hours;
        }

        public static Averaging parse(String text) {
            return switch (text == null ? "none" : text.strip().toLowerCase(Locale.ROOT)) {
                case "none", "" -> NONE;
                case "1h" -> HOUR;
                case "8h" -> EIGHT_HOURS;
                case "24h", "1d" -> DAY;
                default -> throw new IllegalArgumentException("average must be none, 1h, 8h or 24h, not '" + text + "'");
            };
        }

        /** How the explanation names it. */
        public String phrase() {
            return switch (this) {
                case NONE -> "";
                case HOUR -> "hourly mean ";
                case EIGHT_HOURS -> "8-hour running mean ";
                case DAY -> "daily mean ";
            };
        }
    }

    public LimitRule {
        zones = Set.copyOf(zones);
        if (upper ? clear > limit : clear < limit) {
            throw new IllegalArgumentException("rule " + id + ": clear must be on the safe side of the limit");
        }
    }

    public boolean appliesTo(String metricName, String zone) {
        return metric.equals(metricName) && (zones.isEmpty() || (zone != null && zones.contains(zone)));
    }

    public boolean breached(double value) {
        return upper ? value > limit : value < limit;
    }

    public boolean cleared(double value) {
        return upper ? value < clear : value > clear;
    }
}
