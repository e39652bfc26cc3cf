package no.varde.console;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import no.varde.alerting.AlertingService;
import no.varde.alerting.lifecycle.AlertRow;
import no.varde.model.Domain;
import no.varde.storage.ReadingQueries;
import no.varde.storage.Series;

/**
 * Everything the page of one alert shows, read in one go on a worker thread: the alert, its
 * anomalies, the audit trail, its notifications, the affected series around the newest anomaly,
 * and for a water alert what a resident warning would say and to how many.
 *
 * @param chart    null when the alert's anomalies name no device and metric (a zone-wide anomaly with no series)
 * @param reach    subscribers per language who would be warned; empty unless a warning can be confirmed now
 * @param previews the warning's text per language ("nb", "nn"), same condition
 */
record AlertView(AlertRow alert, List<Map<String, Object>> anomalies, List<Map<String, Object>> events,
                 List<Map<String, Object>> notifications, Chart chart, Map<String, Integer> reach, Map<String, String> previews) {

    /** The series and what the detector expected, over a window around the anomaly. */
    record Chart(Map<String, Object> anomaly, String device, String metric, Series series, Instant from, Instant to) {
    }

    /** How much of the series before the anomaly the chart shows, so the usual level is visible. */
    static final Duration BEFORE = Duration.ofMinutes(90);
    static final Duration AFTER = Duration.ofMinutes(30);

    static Optional<AlertView> load(AlertingService alerting, ReadingQueries readings, long id, Instant now) throws SQLException {
        try (Connection c = alerting.database().getConnection()) {
            Optional<AlertRow> found = alerting.store().find(c, id);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            AlertRow a = found.get();
            List<Map<String, Object>> anomalies = alerting.store().anomaliesOf(c, id);
            Chart chart = chart(readings, anomalies, now);
            boolean canWarn = a.domain() == Domain.WATER && a.zone() != null && !a.isResolved() && !a.confirmedForResidents();
            Map<String, Integer> reach = canWarn ? alerting.residents().reach(c, a) : Map.of();
            Map<String, String> previews = new java.util.LinkedHashMap<>();
            if (canWarn) {
                for (String language : new String[] {"nb", "nn"}) {
                    previews.put(language, alerting.residents().preview(a, language, null, now));
                }
            }
            return Optional.of(new AlertView(a, anomalies, alerting.store().events(c, id), alerting.outbox().list(id, null, null, 200),
                    chart, reach, previews));
        }
    }

    private static Chart chart(ReadingQueries readings, List<Map<String, Object>> anomalies, Instant now) throws SQLException {
        for (int i = anomalies.size() - 1; i >= 0; i--) {
            Map<String, Object> an = anomalies.get(i);
            Object devices = an.get("device_ids");
            if (!(devices instanceof List<?> list) || list.isEmpty()) {
                continue;
            }
            String device = String.valueOf(list.get(0));
            String metric = (String) an.get("metric");
            if (metric == null) {
                // A silent device has no metric of its own: show the one it sent last, so the chart shows where it stopped.
                metric = readings.latest(device, null).stream().max(java.util.Comparator.comparing(no.varde.storage.LatestReading::time))
                        .map(no.varde.storage.LatestReading::metric).orElse(null);
                if (metric == null) {
                    continue;
                }
            }
            Instant start = (Instant) an.get("started_at");
            Instant end = (Instant) an.get("ended_at");
            Instant from = start.minus(BEFORE);
            Instant to = end == null ? now : min(now, end.plus(AFTER));
            if (!to.isAfter(from)) {
                to = from.plus(BEFORE);
            }
            return new Chart(an, device, metric, readings.series(device, metric, from, to), from, to);
        }
        return null;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
