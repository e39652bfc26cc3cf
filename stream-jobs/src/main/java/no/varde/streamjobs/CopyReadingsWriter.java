package no.varde.streamjobs;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import no.varde.model.Reading;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.postgresql.PGConnection;

/**
 * Readings into {@code readings} with PostgreSQL COPY. A batch is copied straight into the table;
 * if it contains a row that is already stored (a replay after a restart, a device's resend), the
 * batch is copied into a session-local staging table instead and moved with
 * {@code INSERT … SELECT … ON CONFLICT DO NOTHING}: idempotent either way. The rows wait as COPY
 * text; at least once, like every sink of the job ({@link BatchingJdbcWriter}).
 */
final class CopyReadingsWriter extends BatchingJdbcWriter<Reading> {
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String COPY_DIRECT = "COPY readings (device_id, metric, event_time, value, unit, received_at) FROM STDIN";

    private final StringBuilder buffer = new StringBuilder();
    private int buffered;

    CopyReadingsWriter(Target target, WriterInitContext context) {
        super(target, context, "readings");
    }

    @Override
    protected void add(Reading r) {
        // COPY text format: tab-separated; the values Varde stores contain no tabs, newlines or backslashes
        // (device ids and metric names are restricted, units come from the catalogue).
        buffer.append(r.deviceId()).append('\t').append(r.metric()).append('\t')
                .append(r.eventTime()).append('\t').append(r.value()).append('\t')
                .append(r.unit()).append('\t').append(r.receiveTime()).append('\n');
        buffered++;
    }

    @Override
    protected int buffered() {
        return buffered;
    }

    @Override
    protected void clear() {
        buffer.setLength(0);
        buffered = 0;
    }

    /**
     * Optimistic first: COPY straight into {@code readings}, which is as fast as PostgreSQL loads
     * rows. Only when that meets a row already stored (a replay after a restart, or a device's
     * resend) does the batch take the slower staging path with ON CONFLICT DO NOTHING, which also
     * keeps a different second value as a dead letter ({@link ConflictingDuplicatesSql}).
     */
    @Override
    protected void store(Connection connection) throws SQLException {
        String rows = buffer.toString();
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY_DIRECT, new StringReader(rows));
            connection.commit();
            return;
        } catch (SQLException e) {
            connection.rollback();
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
        } catch (IOException e) {
            throw new SQLException(e);
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(ConflictingDuplicatesSql.STAGE);
            // Instants travel as ISO-8601 text (…T…Z), which timestamptz reads as UTC.
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(ConflictingDuplicatesSql.COPY, new StringReader(rows));
            statement.executeUpdate(ConflictingDuplicatesSql.MOVE);
            statement.executeUpdate(ConflictingDuplicatesSql.KEEP_CONFLICTS);
            connection.commit();
        } catch (IOException e) {
            throw new SQLException(e);
        }
    }
}
