package no.varde.alerting.routing;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Set;
import no.varde.model.Domain;
import no.varde.model.anomaly.Severity;

/**
 * One routing rule: which alerts (domain, zone, severity, local time of day and weekday) go to
 * which targets. Empty sets match everything. Rules are tried in order; the first match ends the
 * search unless it says {@code continue}.
 */
public record Route(String name, Set<Domain> domains, Set<String> zones, Severity minSeverity, Set<DayOfWeek> days,
                    int fromMinute, int toMinute, List<Target> targets, boolean continueMatching) {

    public boolean matches(Domain domain, String zone, Severity severity, LocalDateTime localTime) {
        if (!domains.isEmpty() && !domains.contains(domain)) {
            return false;
        }
        if (!zones.isEmpty() && (zone == null || !zones.contains(zone))) {
            return false;
        }
        if (severity.ordinal() < minSeverity.ordinal()) {
            return false;
        }
        if (!days.isEmpty() && !days.contains(localTime.getDayOfWeek())) {
            return false;
        }
        int minute = localTime.getHour() * 60 + localTime.getMinute();
        return fromMinute <= toMinute ? minute >= fromMinute && minute < toMinute : minute >= fromMinute || minute < toMinute;
    }
}
