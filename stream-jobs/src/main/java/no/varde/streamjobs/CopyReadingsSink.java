package no.varde.streamjobs;

import java.io.IOException;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import no.varde.model.Reading;

/**
 * Readings into {@code readings} with PostgreSQL COPY. A batch is copied straight into the table;
 * if it contains a row that is already stored (a replay after a restart, a device's resend), the
 * batch is copied into a session-local staging table instead and moved with
 * {@code INSERT … SELECT … ON CONFLICT DO NOTHING}: idempotent either way. At-least-once like the
 * JDBC sinks: the writer flushes before every checkpoint completes.
 */
public final class CopyReadingsSink implements Sink<Reading> {
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final int batchSize;
    private final long flushIntervalMs;

    public CopyReadingsSink(String jdbcUrl, String user, String password, int batchSize, long flushIntervalMs) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.batchSize = batchSize;
        this.flushIntervalMs = flushIntervalMs;
    }

    @Override
    public SinkWriter<Reading> createWriter(WriterInitContext context) throws IOException {
        return new CopyReadingsWriter(jdbcUrl, user, password, batchSize, flushIntervalMs, context.getProcessingTimeService(),
                context.getMailboxExecutor());
    }
}
