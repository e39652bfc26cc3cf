package no.varde.simulator.bench;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.postgresql.PGConnection;

/**
 * {@code psql \copy} of the rows a bench run stored, into a fresh table with the key and indexes
 * of {@code readings}, in the same database: how fast this PostgreSQL takes in the very rows
 * Varde wrote when nothing else is in the way. The table and the exported file are removed
 * afterwards. On TimescaleDB the copy goes into a plain table, not a hypertable.
 */
public final class CopyReference {
    private static final String COLUMNS = "device_id, metric, event_time, value, unit, received_at";

    private CopyReference() {
    }

    /** Loads at most {@code maxRows} of the readings the devices stored with event times in [from, to). */
    public static BenchReferences.Copy measure(BenchSettings.Database database, String psql, List<String> devices, Instant from, Instant to,
                                               long maxRows) throws Exception {
        String table = "varde_bench_copy_" + Long.toString(System.nanoTime(), 36);
        Path file = Files.createTempFile("varde-bench-copy-", ".txt");
        try (Connection c = DriverManager.getConnection(database.url(), database.user(), database.password())) {
            long rows = export(c, devices, from, to, maxRows, file);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE " + table + " (LIKE readings INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)");
            }
            try {
                double seconds = PsqlCopy.seconds(psql, database.url(), database.user(), database.password(), table, COLUMNS, file, "text");
                long loaded = count(c, table);
                if (loaded != rows) {
                    throw new IllegalStateException("psql \\copy loaded " + loaded + " of " + rows + " rows");
                }
                return new BenchReferences.Copy("psql \\copy", rows, seconds, rows / seconds);
            } finally {
                try (Statement s = c.createStatement()) {
                    s.execute("DROP TABLE IF EXISTS " + table);
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The run's rows in COPY text format, through a temporary table so the selection can take parameters. */
    private static long export(Connection c, List<String> devices, Instant from, Instant to, long maxRows, Path file) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE bench_copy_rows ON COMMIT PRESERVE ROWS AS SELECT " + COLUMNS + " FROM readings WITH NO DATA");
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO bench_copy_rows SELECT " + COLUMNS
                + " FROM readings WHERE device_id = ANY(?) AND event_time >= ? AND event_time < ? LIMIT ?")) {
            ps.setArray(1, c.createArrayOf("text", devices.toArray()));
            ps.setTimestamp(2, Timestamp.from(from));
            ps.setTimestamp(3, Timestamp.from(to));
            ps.setLong(4, maxRows);
            ps.executeUpdate();
        }
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            return c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY bench_copy_rows TO STDOUT", out);
        } finally {
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE bench_copy_rows");
            }
        }
    }

    private static long count(Connection c, String table) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
