package no.varde.alerting.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The transactional outbox in PostgreSQL. {@link #enqueue} runs inside the transaction that changes
 * the alert, so a notification exists exactly when its cause was committed; a {@code NOTIFY} in
 * the same transaction wakes the channel's worker (in this process or another) on commit. Claims
 * take a lease with {@code SKIP LOCKED}, so several dispatchers share the work and a dispatcher
 * that died mid-send leaves rows that are claimed again when the lease runs out.
 */
public final class Outbox {
    public static final String NOTIFY_CHANNEL = "varde_outbox";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_LENGTH = 300;

    private final DataSource db;

    public Outbox(DataSource db) {
        this.db = db;
    }

    /** True when written; false when a notification with that dedupe key exists already. */
    public boolean enqueue(Connection c, Notification n, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO notifications (alert_id, purpose, channel, recipient, subscription_id, dedupe_key, message, next_attempt_at,
                                           triggered_at, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING""")) {
            s.setObject(1, n.alertId());
            s.setString(2, n.purpose());
            s.setString(3, n.channel());
            s.setString(4, n.recipient());
            s.setObject(5, n.subscriptionId());
            s.setString(6, n.dedupeKey());
            s.setString(7, n.message().toString());
            s.setTimestamp(8, Timestamp.from(now));
            s.setTimestamp(9, Timestamp.from(n.triggeredAt()));
            s.setTimestamp(10, Timestamp.from(now));
            if (s.executeUpdate() == 0) {
                return false;
            }
        }
        try (PreparedStatement s = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            s.setString(1, NOTIFY_CHANNEL);
            s.setString(2, n.channel());
            s.execute();
        }
        return true;
    }

    /** Takes up to {@code limit} due notifications of a channel, leased until {@code now + lease}. */
    public List<Notification> claim(String channel, int limit, Duration lease, Instant now) throws SQLException {
        List<Notification> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                UPDATE notifications SET status = 'sending', lease_until = ?, attempts = attempts + 1
                WHERE id IN (SELECT id FROM notifications
                             WHERE channel = ? AND ((status = 'pending' AND next_attempt_at <= ?) OR (status = 'sending' AND lease_until < ?))
                             ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED)
                RETURNING id, alert_id, purpose, channel, recipient, subscription_id, dedupe_key, message::text, attempts, created_at, triggered_at""")) {
            Timestamp t = Timestamp.from(now);
            s.setTimestamp(1, Timestamp.from(now.plus(lease)));
            s.setString(2, channel);
            s.setTimestamp(3, t);
            s.setTimestamp(4, t);
            s.setInt(5, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    long alert = rs.getLong(2);
                    out.add(new Notification(rs.getLong(1), rs.wasNull() ? null : alert, rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getObject(6, UUID.class), rs.getString(7), (ObjectNode) JSON.readTree(rs.getString(8)), rs.getInt(9),
                            rs.getTimestamp(10).toInstant(), rs.getTimestamp(11).toInstant()));
                }
            } catch (IOException e) {
                throw new SQLException("a stored notification message is not JSON", e);
            }
        }
        return out;
    }

    public void sent(Notification n, Instant now) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            update(c, "UPDATE notifications SET status = 'sent', sent_at = ?, lease_until = NULL, last_error = NULL WHERE id = ?", now, n.id());
            if (n.alertId() != null && !n.forResident()) {
                audit(c, n, "notified", now, null);
            }
            c.commit();
        }
    }

    public void retryAt(Notification n, Instant next, String error) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "UPDATE notifications SET status = 'pending', next_attempt_at = ?, lease_until = NULL, last_error = ? WHERE id = ?")) {
            s.setTimestamp(1, Timestamp.from(next));
            s.setString(2, truncate(error));
            s.setLong(3, n.id());
            s.executeUpdate();
        }
    }

    /** Given up: status failed, and the alert's audit trail says so. */
    public void failed(Notification n, String error, Instant now) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE notifications SET status = 'failed', lease_until = NULL, last_error = ? WHERE id = ?")) {
                s.setString(1, truncate(error));
                s.setLong(2, n.id());
                s.executeUpdate();
            }
            if (n.alertId() != null) {
                audit(c, n, "notification_failed", now, error);
            }
            c.commit();
        }
    }

    public void cancelled(Notification n, String reason) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "UPDATE notifications SET status = 'cancelled', lease_until = NULL, last_error = ? WHERE id = ?")) {
            s.setString(1, truncate(reason));
            s.setLong(2, n.id());
            s.executeUpdate();
        }
    }

    /** Reminders and escalations still waiting lose their point once someone acknowledged. */
    public int cancelPending(Connection c, long alertId, List<String> purposes) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                UPDATE notifications SET status = 'cancelled', last_error = 'acknowledged before delivery'
                WHERE alert_id = ? AND status = 'pending' AND purpose = ANY (?)""")) {
            s.setLong(1, alertId);
            s.setArray(2, c.createArrayOf("text", purposes.toArray()));
            return s.executeUpdate();
        }
    }

    /** Delivery status for the API; never the message of a resident notification beyond its purpose. */
    public List<Map<String, Object>> list(Long alertId, String status, String channel, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("""
                SELECT id, alert_id, purpose, channel, recipient, status, attempts, last_error, triggered_at, created_at, next_attempt_at, sent_at
                FROM notifications WHERE true""");
        List<Object> params = new ArrayList<>();
        if (alertId != null) {
            sql.append(" AND alert_id = ?");
            params.add(alertId);
        }
        if (status != null) {
            sql.append(" AND status = ?");
            params.add(status);
        }
        if (channel != null) {
            sql.append(" AND channel = ?");
            params.add(channel);
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        params.add(Math.max(1, Math.min(limit, 1000)));
        try (Connection c = db.getConnection()) {
            return no.varde.alerting.lifecycle.Rows.of(c, sql.toString(), params.toArray());
        }
    }

    /** Counts by channel and status, for the status endpoint. */
    public List<Map<String, Object>> summary() throws SQLException {
        try (Connection c = db.getConnection()) {
            return no.varde.alerting.lifecycle.Rows.of(c, """
                    SELECT channel, status, count(*) AS count, min(next_attempt_at) FILTER (WHERE status = 'pending') AS oldest_due
                    FROM notifications GROUP BY channel, status ORDER BY channel, status""");
        }
    }

    private static void audit(Connection c, Notification n, String action, Instant at, String error) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO alert_events (alert_id, at, actor, action, details) VALUES (?, ?, ?, ?, ?::jsonb)")) {
            s.setLong(1, n.alertId());
            s.setTimestamp(2, Timestamp.from(at));
            s.setString(3, "channel:" + n.channel());
            s.setString(4, action);
            var details = JSON.createObjectNode().put("notification", n.id()).put("purpose", n.purpose())
                    .put("recipient", n.forResident() ? "resident" : n.recipient()).put("attempts", n.attempts());
            if (error != null) {
                details.put("error", truncate(error));
            }
            s.setString(5, details.toString());
            s.executeUpdate();
        }
    }

    private static void update(Connection c, String sql, Instant at, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setTimestamp(1, Timestamp.from(at));
            s.setLong(2, id);
            s.executeUpdate();
        }
    }

    private static String truncate(String s) {
        return s == null || s.length() <= MAX_ERROR_LENGTH ? s : s.substring(0, MAX_ERROR_LENGTH);
    }
}
