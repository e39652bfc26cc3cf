package no.varde.alerting.lifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import no.varde.model.anomaly.Anomaly;
import no.varde.storage.AnomalyRows;

/**
 * SQL on {@code alerts}, {@code alert_anomalies} and {@code alert_events}, always inside the
 * caller's transaction: the lifecycle decides, this class only reads and writes rows.
 */
public final class AlertStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Takes, before a batch of reports changes anything, every lock its reports' groups and
     * anomaly rows need, each kind in the one order every writer uses, so no two writers wait for
     * each other in a cycle (which PostgreSQL breaks only after its {@code deadlock_timeout}, by
     * failing one of them):
     * <ul>
     * <li>the groups' advisory locks by lock key ({@link #groupLockKey}): they serialise all changes
     *     to one group, whose anomalies may arrive on two Kafka partitions, so on two alerting
     *     instances;</li>
     * <li>the anomaly rows by id, upserting the earliest revision of each that the batch carries
     *     (what it would have stored first anyway), as the stream job's sink does
     *     ({@link AnomalyRows#upsertInLockOrder}).</li>
     * </ul>
     */
    public void lockInOrder(Connection c, Collection<String> groupKeys, Collection<Anomaly> earliestRevisions) throws SQLException {
        Long[] keys = groupKeys.stream().map(AlertStore::groupLockKey).distinct().sorted().toArray(Long[]::new);
        // unnest yields the keys in array order, and each row's lock is taken as the row is read
        try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_xact_lock(k) FROM unnest(?::bigint[]) k")) {
            s.setArray(1, c.createArrayOf("bigint", keys));
            s.execute();
        }
        AnomalyRows.upsertInLockOrder(c, earliestRevisions);
    }

    /** A group key's advisory lock: 64 bits of its MD5, so that the order of two keys' locks is the order of these numbers. */
    public static long groupLockKey(String groupKey) {
        return UUID.nameUUIDFromBytes(groupKey.getBytes(StandardCharsets.UTF_8)).getMostSignificantBits();
    }

    /** What storing a report found: alerting acted on this or a newer revision before, on an older one, or on none. */
    public enum Report { STALE, NEWER, FIRST }

    /**
     * Stores the report, unless {@code stored} says {@link #lockInOrder} stored it already (the
     * stream job may have stored it too: then this changes nothing), and marks its revision as
     * acted on. STALE when alerting has acted on this or a newer revision before (a replay), or the
     * stored row is newer (a report overtaken: its newer revision follows on the feed); FIRST when
     * alerting had acted on no revision of this anomaly yet.
     */
    public Report upsertAnomaly(Connection c, Anomaly a, boolean stored) throws SQLException {
        if (!stored) {
            try (PreparedStatement s = c.prepareStatement(AnomalyRows.UPSERT)) {
                AnomalyRows.bind(s, a);
                s.executeUpdate();
            }
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE anomalies x SET alerted_revision = ? "
                + "FROM (SELECT id, alerted_revision AS before FROM anomalies WHERE id = ? FOR UPDATE) old WHERE x.id = old.id "
                + "AND (x.alerted_revision IS NULL OR x.alerted_revision < ?) "
                + "AND ((x.details ->> 'revision')::int IS NULL OR (x.details ->> 'revision')::int <= ?) RETURNING old.before")) {
            s.setInt(1, a.revision());
            s.setObject(2, a.id());
            s.setInt(3, a.revision());
            s.setInt(4, a.revision());
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Report.STALE;
                }
                rs.getInt(1);
                return rs.wasNull() ? Report.FIRST : Report.NEWER;
            }
        }
    }

    public OptionalLong alertOf(Connection c, UUID anomalyId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT alert_id FROM alert_anomalies WHERE anomaly_id = ? ORDER BY alert_id DESC LIMIT 1")) {
            s.setObject(1, anomalyId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    /*
     * Alert rows are locked FOR NO KEY UPDATE: it serialises changes to an alert as FOR UPDATE would, but
     * lets rows that merely refer to it (a channel worker's "notified" audit event) take their foreign-key
     * lock meanwhile. With FOR UPDATE a worker recording a delivery waited for the feed's whole batch
     * (which holds many alerts) to commit.
     */
    public Optional<AlertRow> lockUnresolved(Connection c, String groupKey) throws SQLException {
        return one(c, "SELECT " + AlertRow.COLUMNS + " FROM alerts WHERE group_key = ? AND state <> 'resolved' FOR NO KEY UPDATE", groupKey);
    }

    public Optional<AlertRow> lock(Connection c, long id) throws SQLException {
        return one(c, "SELECT " + AlertRow.COLUMNS + " FROM alerts WHERE id = ? FOR NO KEY UPDATE", id);
    }

    public Optional<AlertRow> find(Connection c, long id) throws SQLException {
        return one(c, "SELECT " + AlertRow.COLUMNS + " FROM alerts WHERE id = ?", id);
    }

    public long insert(Connection c, Anomaly a, String groupKey, String title, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO alerts (group_key, first_anomaly_id, kind, domain, zone, severity, state, title, summary, occurrences,
                                    opened_at, updated_at, level_since, last_anomaly_at, notified_occurrences, notified_severity)
                VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, 1, ?, ?, ?, ?, 1, ?) RETURNING id""")) {
            Timestamp t = Timestamp.from(now);
            s.setString(1, groupKey);
            s.setObject(2, a.id());
            s.setString(3, a.kind().id());
            s.setString(4, a.domain().id());
            s.setString(5, a.zone());
            s.setString(6, a.severity().id());
            s.setString(7, title);
            s.setString(8, a.explanation());
            s.setTimestamp(9, t);
            s.setTimestamp(10, t);
            s.setTimestamp(11, t);
            s.setTimestamp(12, t);
            s.setString(13, a.severity().id());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Makes the anomaly a member of the alert, or finds it one already, and records whether this
     * report says it is still open: the flag {@link #hasOpenAnomalies} reads.
     */
    public void link(Connection c, long alertId, UUID anomalyId, boolean open) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO alert_anomalies (alert_id, anomaly_id, open) VALUES (?, ?, ?) "
                + "ON CONFLICT (alert_id, anomaly_id) DO UPDATE SET open = EXCLUDED.open")) {
            s.setLong(1, alertId);
            s.setObject(2, anomalyId);
            s.setBoolean(3, open);
            s.executeUpdate();
        }
    }

    /**
     * Whether any anomaly of the alert is still open, as alerting last heard. The flag on the link
     * (V21) reads a small partial index; the join to anomalies.status it replaces took its plan from
     * statistics that a storm makes stale (up to 2 s per closing report of a storm's alert on a
     * database with a history: docs/experiments/open-members-under-stale-statistics.sql).
     */
    public boolean hasOpenAnomalies(Connection c, long alertId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM alert_anomalies WHERE alert_id = ? AND open)")) {
            s.setLong(1, alertId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** {@code UPDATE alerts SET <assignments>, updated_at = now WHERE id = ?}; values in assignment order. */
    public void set(Connection c, long id, Instant now, String assignments, Object... values) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE alerts SET " + assignments + ", updated_at = ? WHERE id = ?")) {
            int i = 1;
            for (Object v : values) {
                s.setObject(i++, v instanceof Instant in ? Timestamp.from(in) : v);
            }
            s.setTimestamp(i++, Timestamp.from(now));
            s.setLong(i, id);
            s.executeUpdate();
        }
    }

    public void event(Connection c, long alertId, String actor, String action, Instant at, Map<String, ?> details) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO alert_events (alert_id, at, actor, action, details) VALUES (?, ?, ?, ?, ?::jsonb)")) {
            s.setLong(1, alertId);
            s.setTimestamp(2, Timestamp.from(at));
            s.setString(3, actor);
            s.setString(4, action);
            s.setString(5, json(details));
            s.executeUpdate();
        }
    }

    /** Alerts the clock may act on: not resolved. */
    public List<AlertRow> unresolved(Connection c) throws SQLException {
        return many(c, "SELECT " + AlertRow.COLUMNS + " FROM alerts WHERE state <> 'resolved' ORDER BY id");
    }

    /** Most severe first, then the oldest (it has waited longest): the order an on-call engineer works in. */
    private static final String BY_SEVERITY = " ORDER BY CASE severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, opened_at, id";

    /** Unresolved alerts in the order an engineer works through them (the console's "now"). */
    public List<AlertRow> unresolvedBySeverity(Connection c, int limit) throws SQLException {
        return many(c, "SELECT " + AlertRow.COLUMNS + " FROM alerts WHERE state <> 'resolved'" + BY_SEVERITY + " LIMIT ?", limit);
    }

    /** Unresolved alerts assigned to someone known by any of {@code names} (an audit name or a user name), in working order. */
    public List<AlertRow> unresolvedAssignedTo(Connection c, List<String> names, int limit) throws SQLException {
        return many(c, "SELECT " + AlertRow.COLUMNS + " FROM alerts WHERE state <> 'resolved' AND assignee = ANY (?)" + BY_SEVERITY
                + " LIMIT ?", c.createArrayOf("text", names.toArray()), limit);
    }

    public List<AlertRow> list(Connection c, AlertFilter f) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + AlertRow.COLUMNS + " FROM alerts WHERE true");
        List<Object> params = new ArrayList<>();
        f.appendTo(sql, params);
        sql.append(" ORDER BY opened_at DESC, id DESC LIMIT ? OFFSET ?");
        params.add(f.limit());
        params.add(f.offset());
        return many(c, sql.toString(), params.toArray());
    }

    public List<Map<String, Object>> anomaliesOf(Connection c, long alertId) throws SQLException {
        return rows(c, """
                SELECT a.id, a.kind, a.severity, a.status, a.zone, a.device_ids, a.metric, a.observed, a.expected_low, a.expected_high,
                       a.started_at, a.ended_at, a.explanation
                FROM alert_anomalies l JOIN anomalies a ON a.id = l.anomaly_id WHERE l.alert_id = ? ORDER BY a.started_at""", alertId);
    }

    /** The newest member anomaly, for message details (value, expected, devices). */
    public Optional<Map<String, Object>> latestAnomaly(Connection c, long alertId) throws SQLException {
        List<Map<String, Object>> r = rows(c, """
                SELECT a.id, a.kind, a.severity, a.status, a.zone, a.device_ids, a.metric, a.observed, a.expected_low, a.expected_high,
                       a.started_at, a.ended_at, a.explanation
                FROM alert_anomalies l JOIN anomalies a ON a.id = l.anomaly_id WHERE l.alert_id = ? ORDER BY a.updated_at DESC LIMIT 1""", alertId);
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
    }

    /** Distinct devices across the alert's anomalies (the storm's size in devices). */
    public List<String> devicesOf(Connection c, long alertId) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("""
                SELECT DISTINCT d FROM alert_anomalies l JOIN anomalies a ON a.id = l.anomaly_id, unnest(a.device_ids) d
                WHERE l.alert_id = ? ORDER BY d""")) {
            s.setLong(1, alertId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    public List<Map<String, Object>> events(Connection c, long alertId) throws SQLException {
        return rows(c, "SELECT at, actor, action, details::text AS details FROM alert_events WHERE alert_id = ? ORDER BY at, id", alertId);
    }

    static String json(Map<String, ?> details) {
        try {
            return JSON.writeValueAsString(details == null ? Map.of() : details);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("details are not JSON-serialisable", e);
        }
    }

    private Optional<AlertRow> one(Connection c, String sql, Object param) throws SQLException {
        List<AlertRow> r = many(c, sql, param);
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
    }

    private List<AlertRow> many(Connection c, String sql, Object... params) throws SQLException {
        List<AlertRow> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(AlertRow.read(rs));
                }
            }
        }
        return out;
    }

    static List<Map<String, Object>> rows(Connection c, String sql, Object... params) throws SQLException {
        return Rows.of(c, sql, params);
    }
}
