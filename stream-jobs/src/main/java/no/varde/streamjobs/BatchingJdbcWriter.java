package no.varde.streamjobs;

import java.io.IOException;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sink writer that buffers rows and stores each batch in one transaction over a connection of its
 * own: when the batch is full, every flush interval, and before each checkpoint completes (so
 * offsets are committed only for stored rows: at least once). A failed batch is retried on a new
 * connection; after {@value #MAX_ATTEMPTS} attempts the job fails and restarts from its last
 * checkpoint, so nothing is dropped.
 */
abstract class BatchingJdbcWriter<T> implements SinkWriter<T> {
    private static final Logger LOG = LoggerFactory.getLogger(BatchingJdbcWriter.class);
    private static final int MAX_ATTEMPTS = 3;

    /** Where a writer stores and how it batches; the sink carries it to each writer it creates. */
    record Target(String jdbcUrl, String user, String password, int batchSize, long flushIntervalMs) implements Serializable {
        /** Without the password, nor the URL's parameters (which may hold it): a record's own toString would print it. */
        @Override
        public String toString() {
            String database = jdbcUrl == null ? null : jdbcUrl.replaceFirst("\\?.*", "");
            return "Target[" + database + ", user " + user + ", batches of " + batchSize + " or " + flushIntervalMs + " ms]";
        }
    }

    /** How a sink makes its writers: a writer's constructor. */
    interface Factory<T> extends Serializable {
        BatchingJdbcWriter<T> create(Target target, WriterInitContext context);
    }

    /** A sink whose subtasks each write through a writer {@code factory} makes. */
    static <T> Sink<T> sink(Target target, Factory<T> factory) {
        return new WriterSink<>(target, factory);
    }

    private record WriterSink<T>(Target target, Factory<T> factory) implements Sink<T> {
        @Override
        public SinkWriter<T> createWriter(WriterInitContext context) {
            return factory.create(target, context);
        }
    }

    private final Target target;
    private final Properties credentials = new Properties();
    private final WriterInitContext context;
    private final String what;
    private Connection connection;

    BatchingJdbcWriter(Target target, WriterInitContext context, String what) {
        this.target = target;
        if (target.user() != null) {
            credentials.setProperty("user", target.user());
        }
        if (target.password() != null) {
            credentials.setProperty("password", target.password());
        }
        credentials.setProperty("ApplicationName", "varde-stream-jobs");
        this.context = context;
        this.what = what;
        scheduleTimedFlush();
    }

    /** Adds a row to the batch. */
    protected abstract void add(T row);

    /** Rows in the batch. */
    protected abstract int buffered();

    /** Stores the batch and commits (the connection is not in autocommit); the batch is kept for a retry. */
    protected abstract void store(Connection c) throws SQLException;

    /** Empties the batch once it is stored. */
    protected abstract void clear();

    private void scheduleTimedFlush() {
        var time = context.getProcessingTimeService();
        time.registerTimer(time.getCurrentProcessingTime() + target.flushIntervalMs(), timestamp ->
                context.getMailboxExecutor().execute(() -> {
                    flushBuffer();
                    scheduleTimedFlush();
                }, "timed flush of " + what));
    }

    @Override
    public final void write(T row, Context ignored) throws IOException {
        add(row);
        if (buffered() >= target.batchSize()) {
            flushBuffer();
        }
    }

    @Override
    public final void flush(boolean endOfInput) throws IOException {
        flushBuffer();
    }

    private void flushBuffer() throws IOException {
        if (buffered() == 0) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                if (connection == null || connection.isClosed()) {
                    connection = DriverManager.getConnection(target.jdbcUrl(), credentials);
                    connection.setAutoCommit(false);
                }
                store(connection);
                clear();
                return;
            } catch (SQLException e) {
                closeConnection();   // also ends the failed transaction
                if (attempt >= MAX_ATTEMPTS) {
                    throw new IOException("writing " + buffered() + " " + what + " failed " + attempt + " times", e);
                }
                LOG.warn("Writing {} failed (attempt {} of {}): {}", what, attempt, MAX_ATTEMPTS, e.getMessage());
                try {
                    Thread.sleep(200L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", interrupted);
                }
            }
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
