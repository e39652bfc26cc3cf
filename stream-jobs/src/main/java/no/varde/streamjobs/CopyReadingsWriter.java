package no.varde.streamjobs;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import no.varde.model.Reading;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Readings into {@code readings} with PostgreSQL COPY. A batch is copied straight into the table;
 * if it contains a row that is already stored (a replay after a restart, a device's resend), the
 * batch is copied into a session-local staging table instead and moved with
 * {@code INSERT … SELECT … ON CONFLICT DO NOTHING}: idempotent either way. The rows wait in COPY's
 * binary format ({@link ReadingsCopyBuffer}); at least once, like every sink of the job
 * ({@link BatchingJdbcWriter}).
 */
final class CopyReadingsWriter extends BatchingJdbcWriter<Reading> {
    private static final String UNIQUE_VIOLATION = "23505";

    private final ReadingsCopyBuffer buffer = new ReadingsCopyBuffer();

    CopyReadingsWriter(Target target, WriterInitContext context) {
        super(target, context, "readings");
    }

    @Override
    protected void add(Reading r) {
        buffer.add(r);
    }

    @Override
    protected int buffered() {
        return buffer.rows();
    }

    @Override
    protected void clear() {
        buffer.clear();
    }

    /**
     * Optimistic first: COPY straight into {@code readings}, which is as fast as PostgreSQL loads
     * rows. Only when that meets a row already stored (a replay after a restart, or a device's
     * resend) does the batch take the slower staging path with ON CONFLICT DO NOTHING, which also
     * keeps a different second value as a dead letter ({@link ConflictingDuplicatesSql}).
     */
    @Override
    protected void store(Connection connection) throws SQLException {
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        try {
            buffer.copyInto(copy, "readings");
            connection.commit();
            return;
        } catch (SQLException e) {
            connection.rollback();
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(ConflictingDuplicatesSql.STAGE);
            buffer.copyInto(copy, ConflictingDuplicatesSql.STAGING_TABLE);
            statement.executeUpdate(ConflictingDuplicatesSql.MOVE);
            statement.executeUpdate(ConflictingDuplicatesSql.KEEP_CONFLICTS);
            connection.commit();
        }
    }
}
