package no.varde.storage;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import no.varde.model.anomaly.Anomaly;

/**
 * Writes anomaly reports into {@code anomalies}, keyed by their id. A report older than the stored
 * one (a replay after a restart) changes nothing, so replays neither duplicate nor regress. Both
 * the detection job and alerting write through here: alerting may see a report on Kafka before
 * the job's JDBC sink has flushed it.
 *
 * <p>Both hold the rows they write until their transaction ends (the job a batch, alerting a
 * poll of the feed), so both take them in one order, by id ({@link #upsertInLockOrder}): two
 * writers that took the same two rows in opposite orders would deadlock, and PostgreSQL would
 * break it only after its {@code deadlock_timeout} by failing one of them.
 */
public final class AnomalyRows {
    public static final String UPSERT = """
            INSERT INTO anomalies (id, kind, severity, status, domain, zone, device_ids, metric, score, observed,
                                   expected_low, expected_high, started_at, updated_at, ended_at, explanation, details)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
            ON CONFLICT (id) DO UPDATE SET severity = excluded.severity, status = excluded.status, score = excluded.score,
                observed = excluded.observed, expected_low = excluded.expected_low, expected_high = excluded.expected_high,
                updated_at = excluded.updated_at, ended_at = excluded.ended_at, explanation = excluded.explanation,
                details = excluded.details
            WHERE (anomalies.details ->> 'revision')::int IS NULL OR (anomalies.details ->> 'revision')::int < (excluded.details ->> 'revision')::int
            """;

    private AnomalyRows() {
    }

    /**
     * Upserts the reports in one round trip, taking their rows in id order: an upsert locks its
     * row whether or not it changes it, and inserting a new row locks its key, so after this the
     * caller's transaction holds every row it named, taken in the order every writer uses.
     */
    public static void upsertInLockOrder(Connection c, Collection<Anomaly> reports) throws SQLException {
        List<Anomaly> inOrder = new ArrayList<>(reports);
        inOrder.sort(Comparator.comparing(Anomaly::id));
        try (PreparedStatement s = c.prepareStatement(UPSERT)) {
            for (Anomaly a : inOrder) {
                bind(s, a);
                s.addBatch();
            }
            s.executeBatch();
        } catch (BatchUpdateException e) {
            // the statement's own error (its SQLState: a deadlock, a refusal), not pgjdbc's wrapper that quotes every value
            throw e.getNextException() != null ? e.getNextException() : e;
        }
    }

    /** Binds {@link #UPSERT}'s parameters. */
    public static void bind(PreparedStatement s, Anomaly a) throws SQLException {
        s.setObject(1, a.id());
        s.setString(2, a.kind().id());
        s.setString(3, a.severity().id());
        s.setString(4, a.status().name().toLowerCase(Locale.ROOT));
        s.setString(5, a.domain().id());
        s.setString(6, a.zone());
        s.setArray(7, s.getConnection().createArrayOf("text", a.deviceIds().toArray()));
        s.setString(8, a.metric());
        s.setDouble(9, a.score());
        setFinite(s, 10, a.observed());
        setFinite(s, 11, a.expectedLow());
        setFinite(s, 12, a.expectedHigh());
        s.setTimestamp(13, Timestamp.from(a.startedAt()));
        s.setTimestamp(14, Timestamp.from(a.updatedAt()));
        s.setTimestamp(15, a.endedAt() == null ? null : Timestamp.from(a.endedAt()));
        s.setString(16, a.explanation());
        s.setString(17, "{\"revision\":" + a.revision() + "}");
    }

    private static void setFinite(PreparedStatement s, int index, double v) throws SQLException {
        if (Double.isFinite(v)) {
            s.setDouble(index, v);
        } else {
            s.setNull(index, Types.DOUBLE);
        }
    }
}
