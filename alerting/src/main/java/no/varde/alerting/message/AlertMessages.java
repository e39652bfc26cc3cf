package no.varde.alerting.message;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import no.varde.alerting.lifecycle.AlertRow;
import no.varde.alerting.lifecycle.AlertStore;
import no.varde.model.Metric;
import no.varde.model.MetricCatalogue;

/**
 * Builds the content of an engineer's notification, once, when it is written to the outbox: what
 * (title and the detector's explanation), where (zone and devices), value against expected with its
 * unit, since when (local time), how many anomalies the alert groups, and the dashboard link. The
 * channels only lay it out (SMS, e-mail, Slack, Teams, JSON); the acknowledge link is added per
 * recipient at sending time, so no signing key or link ever sits in the database.
 */
public final class AlertMessages {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MetricCatalogue METRICS = MetricCatalogue.standard();
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm");

    private final AlertStore store;
    private final ZoneId zone;
    private final String dashboardUrl;

    public AlertMessages(AlertStore store, ZoneId zone, String dashboardUrl) {
        this.store = store;
        this.zone = zone;
        this.dashboardUrl = dashboardUrl;
    }

    public ObjectNode build(Connection c, AlertRow alert, String purpose, Map<String, ?> extra) throws SQLException {
        ObjectNode m = JSON.createObjectNode();
        m.put("alert_id", alert.id());
        m.put("purpose", purpose);
        m.put("severity", alert.severity().id());
        m.put("state", alert.state());
        m.put("domain", alert.domain().id());
        if (alert.zone() != null) {
            m.put("zone", alert.zone());
        }
        m.put("kind", alert.kind());
        m.put("title", alert.title());
        m.put("occurrences", alert.occurrences());
        m.put("level", alert.escalationLevel());
        List<String> devices = store.devicesOf(c, alert.id());
        m.put("device_count", devices.size());
        devices.stream().limit(10).forEach(m.putArray("devices")::add);
        store.latestAnomaly(c, alert.id()).ifPresent(a -> {
            m.put("what", String.valueOf(a.get("explanation")));
            m.put("anomaly_id", String.valueOf(a.get("id")));
            String metric = (String) a.get("metric");
            if (metric != null) {
                m.put("metric", metric);
                METRICS.find(metric).map(Metric::unit).ifPresent(u -> m.put("unit", u));
            }
            putNumber(m, "observed", a.get("observed"));
            putNumber(m, "expected_low", a.get("expected_low"));
            putNumber(m, "expected_high", a.get("expected_high"));
        });
        Instant since = alert.openedAt();
        m.put("since", since.toString());
        m.put("since_local", LOCAL.format(since.atZone(zone)));
        if (!dashboardUrl.isBlank()) {
            m.put("dashboard_url", dashboardUrl.replace("{zone}", alert.zone() == null ? "" : alert.zone())
                    .replace("{domain}", alert.domain().id()).replace("{alert}", Long.toString(alert.id())));
        }
        if (extra != null) {
            extra.forEach((k, v) -> m.set(k, JSON.valueToTree(v)));
        }
        return m;
    }

    private static void putNumber(ObjectNode m, String key, Object value) {
        if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
            m.put(key, n.doubleValue());
        }
    }
}
