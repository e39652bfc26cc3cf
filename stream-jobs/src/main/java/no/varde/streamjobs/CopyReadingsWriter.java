package no.varde.streamjobs;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import no.varde.model.Reading;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The writer of {@link CopyReadingsSink}: buffers rows as COPY text, flushes by size, time and checkpoint. */
final class CopyReadingsWriter implements SinkWriter<Reading> {
    private static final Logger LOG = LoggerFactory.getLogger(CopyReadingsWriter.class);
    private static final int MAX_ATTEMPTS = 3;
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String COPY_DIRECT = "COPY readings (device_id, metric, event_time, value, unit, received_at) FROM STDIN";

    private final String jdbcUrl;
    private final Properties credentials = new Properties();
    private final int batchSize;
    private final long flushIntervalMs;
    private final ProcessingTimeService time;
    private final MailboxExecutor mailbox;
    private final StringBuilder buffer = new StringBuilder();
    private int buffered;
    private Connection connection;

    CopyReadingsWriter(String jdbcUrl, String user, String password, int batchSize, long flushIntervalMs,
                       ProcessingTimeService time, MailboxExecutor mailbox) {
        this.jdbcUrl = jdbcUrl;
        if (user != null) {
            credentials.setProperty("user", user);
        }
        if (password != null) {
            credentials.setProperty("password", password);
        }
        credentials.setProperty("ApplicationName", "varde-stream-jobs");
        this.batchSize = batchSize;
        this.flushIntervalMs = flushIntervalMs;
        this.time = time;
        this.mailbox = mailbox;
        scheduleTimedFlush();
    }

    private void scheduleTimedFlush() {
        time.registerTimer(time.getCurrentProcessingTime() + flushIntervalMs, timestamp ->
                mailbox.execute(() -> {
                    flushBuffer();
                    scheduleTimedFlush();
                }, "timed flush of readings"));
    }

    @Override
    public void write(Reading r, Context context) throws IOException {
        // COPY text format: tab-separated; the values Varde stores contain no tabs, newlines or backslashes
        // (device ids and metric names are restricted, units come from the catalogue).
        buffer.append(r.deviceId()).append('\t').append(r.metric()).append('\t')
                .append(r.eventTime()).append('\t').append(r.value()).append('\t')
                .append(r.unit()).append('\t').append(r.receiveTime()).append('\n');
        buffered++;
        if (buffered >= batchSize) {
            flushBuffer();
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException {
        flushBuffer();
    }

    private void flushBuffer() throws IOException {
        if (buffered == 0) {
            return;
        }
        String rows = buffer.toString();
        for (int attempt = 1; ; attempt++) {
            try {
                copy(rows);
                buffer.setLength(0);
                buffered = 0;
                return;
            } catch (SQLException e) {
                closeConnection();
                if (attempt >= MAX_ATTEMPTS) {
                    throw new IOException("writing " + buffered + " readings failed " + attempt + " times", e);
                }
                LOG.warn("Writing readings failed (attempt {} of {}): {}", attempt, MAX_ATTEMPTS, e.getMessage());
                try {
                    Thread.sleep(200L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", interrupted);
                }
            }
        }
    }

    /**
     * Optimistic first: COPY straight into {@code readings}, which is as fast as PostgreSQL loads
     * rows. Only when that meets a row already stored (a replay after a restart, or a device's
     * resend) does the batch take the slower staging path with ON CONFLICT DO NOTHING, which also
     * keeps a different second value as a dead letter ({@link ConflictingDuplicatesSql}).
     */
    private void copy(String rows) throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = DriverManager.getConnection(jdbcUrl, credentials);
            connection.setAutoCommit(false);
        }
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
            connection.rollback();
            throw new SQLException(e);
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(ConflictingDuplicatesSql.STAGE);
            // Instants travel as ISO-8601 text (…T…Z), which timestamptz reads as UTC.
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(ConflictingDuplicatesSql.COPY, new StringReader(rows));
            statement.executeUpdate(ConflictingDuplicatesSql.MOVE);
            statement.executeUpdate(ConflictingDuplicatesSql.KEEP_CONFLICTS);
            connection.commit();
        } catch (SQLException | IOException e) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the connection is closed next anyway
            }
            throw e instanceof SQLException sql ? sql : new SQLException(e);
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // nothing more to do with a broken connection
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        closeConnection();
    }
}
