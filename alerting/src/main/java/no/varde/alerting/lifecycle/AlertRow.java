package no.varde.alerting.lifecycle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import no.varde.model.Domain;
import no.varde.model.anomaly.Severity;

/** One row of {@code alerts}, as the lifecycle and the API read it. */
public record AlertRow(long id, String groupKey, String kind, Domain domain, String zone, Severity severity, String state,
                       String title, String summary, int occurrences, String assignee, int escalationLevel, Instant openedAt,
                       Instant updatedAt, Instant acknowledgedAt, String acknowledgedBy, Instant resolvedAt, String resolvedBy,
                       Instant lastNotifiedAt, boolean confirmedForResidents, int notifiedOccurrences, Severity notifiedSeverity,
                       int remindersSent, Instant levelSince, Instant quietSince, Instant lastAnomalyAt) {

    public static final String OPEN = "open";
    public static final String ACKNOWLEDGED = "acknowledged";
    public static final String RESOLVED = "resolved";

    public static final String COLUMNS = "id, group_key, kind, domain, zone, severity, state, title, summary, occurrences, assignee, "
            + "escalation_level, opened_at, updated_at, acknowledged_at, acknowledged_by, resolved_at, resolved_by, last_notified_at, "
            + "confirmed_for_residents, notified_occurrences, notified_severity, reminders_sent, level_since, quiet_since, last_anomaly_at";

    public static AlertRow read(ResultSet rs) throws SQLException {
        String notified = rs.getString("notified_severity");
        return new AlertRow(rs.getLong("id"), rs.getString("group_key"), rs.getString("kind"), Domain.fromId(rs.getString("domain")),
                rs.getString("zone"), Severity.fromId(rs.getString("severity")), rs.getString("state"), rs.getString("title"),
                rs.getString("summary"), rs.getInt("occurrences"), rs.getString("assignee"), rs.getInt("escalation_level"),
                instant(rs, "opened_at"), instant(rs, "updated_at"), instant(rs, "acknowledged_at"), rs.getString("acknowledged_by"),
                instant(rs, "resolved_at"), rs.getString("resolved_by"), instant(rs, "last_notified_at"),
                rs.getBoolean("confirmed_for_residents"), rs.getInt("notified_occurrences"),
                notified == null ? null : Severity.fromId(notified), rs.getInt("reminders_sent"), instant(rs, "level_since"),
                instant(rs, "quiet_since"), instant(rs, "last_anomaly_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    public boolean isOpen() {
        return OPEN.equals(state);
    }

    public boolean isResolved() {
        return RESOLVED.equals(state);
    }
}
