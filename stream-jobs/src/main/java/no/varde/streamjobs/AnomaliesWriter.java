package no.varde.streamjobs;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import no.varde.model.anomaly.Anomaly;
import no.varde.storage.AnomalyRows;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Anomaly reports into {@code anomalies}, the newest revision of each anomaly in a batch, its rows
 * taken in id order ({@link AnomalyRows#upsertInLockOrder}). Alerting's feed upserts the same rows
 * in the same order; Flink's {@code JdbcSink}, which this replaces, wrote a batch in arrival order
 * as one transaction, and could deadlock with the feed when an anomaly had several revisions close
 * together. At least once ({@link BatchingJdbcWriter}); a replayed older revision changes nothing.
 */
final class AnomaliesWriter extends BatchingJdbcWriter<Anomaly> {
    private final Map<UUID, Anomaly> newest = new HashMap<>();

    AnomaliesWriter(Target target, WriterInitContext context) {
        super(target, context, "anomaly reports");
    }

    @Override
    protected void add(Anomaly a) {
        newest.merge(a.id(), a, (kept, next) -> next.revision() > kept.revision() ? next : kept);
    }

    @Override
    protected int buffered() {
        return newest.size();
    }

    @Override
    protected void store(Connection c) throws SQLException {
        AnomalyRows.upsertInLockOrder(c, newest.values());
        c.commit();
    }

    @Override
    protected void clear() {
        newest.clear();
    }
}
