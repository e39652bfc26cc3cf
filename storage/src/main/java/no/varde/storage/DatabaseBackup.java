package no.varde.storage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * A logical backup of Varde's database, written as pg_dump writes the data of a plain-format dump:
 * one {@code COPY ... FROM stdin;} block per table and a {@code setval} per sequence, in
 * {@code data.sql.gz}, beside {@code manifest.properties} with the schema version and row counts.
 * All tables are read in one repeatable-read snapshot, so the backup is consistent while the
 * platform runs. The schema itself is not in the file: a restore migrates an empty database to
 * the backup's version with Flyway, loads the data, then migrates to the current version, so a
 * backup from an older Varde restores on a newer one. pg_dump cannot do this job here because the
 * embedded PostgreSQL 17 ships no client tools and a distribution's pg_dump is often older than
 * the server; the file loads with {@code psql} too (after the migrations, with
 * {@code SET session_replication_role = replica}).
 */
public final class DatabaseBackup {
    public static final String DATA = "data.sql.gz";
    public static final String MANIFEST = "manifest.properties";
    private static final String HISTORY = "flyway_schema_history";

    private DatabaseBackup() {
    }

    /** Writes the backup of {@code db} into {@code dir} and returns rows per table; {@code progress} hears one line per table. */
    public static Map<String, Long> write(DataSource db, Path dir, Consumer<String> progress) throws SQLException, IOException {
        Files.createDirectories(dir);
        Map<String, Long> rows = new LinkedHashMap<>();
        String version;
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            version = schemaVersion(c);
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            try (OutputStream file = Files.newOutputStream(dir.resolve(DATA + ".partial"));
                 OutputStream out = new java.io.BufferedOutputStream(new GZIPOutputStream(file, 1 << 16), 1 << 16)) {
                text(out, "-- Varde database backup, schema version " + version + "\n");
                text(out, "SET session_replication_role = replica;\n");
                for (String table : tables(c)) {
                    String columns = String.join(", ", columns(c, table));
                    text(out, "\nCOPY public." + table + " (" + columns + ") FROM stdin;\n");
                    CountingOutput counted = new CountingOutput(out);
                    copy.copyOut("COPY (SELECT " + columns + " FROM public." + table + ") TO STDOUT", counted);
                    text(out, "\\.\n");
                    rows.put(table, counted.lines);
                    progress.accept(String.format(java.util.Locale.ROOT, "  %-28s %,12d rows", table, counted.lines));
                }
                text(out, "\n");
                for (String setval : sequences(c)) {
                    text(out, setval + "\n");
                }
                text(out, "SET session_replication_role = DEFAULT;\n");
            }
            c.commit();
        }
        Properties manifest = new Properties();
        manifest.setProperty("format", "varde-backup-1");
        manifest.setProperty("schema.version", version);
        manifest.setProperty("created", java.time.Instant.now().toString());
        rows.forEach((table, n) -> manifest.setProperty("rows." + table, Long.toString(n)));
        try (Writer w = Files.newBufferedWriter(dir.resolve(MANIFEST), StandardCharsets.UTF_8)) {
            manifest.store(w, "Varde backup: restore with 'bin/varde restore " + dir.getFileName() + "'");
        }
        Files.move(dir.resolve(DATA + ".partial"), dir.resolve(DATA), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return rows;
    }

    /**
     * Restores the backup in {@code dir} into {@code db}, which must hold no Varde schema yet: migrates
     * it to the backup's version, loads every table, sets the sequences, then migrates to today's
     * schema. Returns rows per table as loaded; fails, loading nothing, if a table's count differs.
     */
    public static Map<String, Long> restore(DataSource db, Path dir, Consumer<String> progress) throws SQLException, IOException {
        Properties manifest = manifest(dir);
        try (Connection c = db.getConnection()) {
            if (!tables(c).isEmpty()) {
                throw new IllegalStateException("the database already holds Varde's tables; restore into an empty one");
            }
        }
        Migrations.configure(db).target(manifest.getProperty("schema.version")).load().migrate();
        Map<String, Long> rows = new LinkedHashMap<>();
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            List<String> known = tables(c);
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(
                    new GZIPInputStream(Files.newInputStream(dir.resolve(DATA)), 1 << 16), StandardCharsets.UTF_8));
                 Statement st = c.createStatement()) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("COPY ") && line.endsWith(" FROM stdin;")) {
                        String table = line.substring("COPY public.".length(), line.indexOf(' ', "COPY public.".length()));
                        if (!known.contains(table)) {
                            throw new IOException("backup damaged: table " + table + " is not in schema version "
                                    + manifest.getProperty("schema.version"));
                        }
                        // Migrations may seed rows (counters, catalogue entries); the backup holds
                        // their values as they were, so it replaces them rather than colliding.
                        st.execute("DELETE FROM public." + table);
                        long n = copyIn(copy, line.substring(0, line.length() - 1), in);
                        rows.put(table, n);
                        progress.accept(String.format(java.util.Locale.ROOT, "  %-28s %,12d rows", table, n));
                    } else if (!line.isBlank() && !line.startsWith("--")) {
                        st.execute(line);
                    }
                }
            }
            for (Map.Entry<String, Long> e : rows.entrySet()) {
                String expected = manifest.getProperty("rows." + e.getKey());
                if (expected != null && Long.parseLong(expected) != e.getValue()) {
                    c.rollback();
                    throw new IOException("backup damaged: " + e.getKey() + " has " + e.getValue() + " rows, the manifest says " + expected);
                }
            }
            c.commit();
        }
        Migrations.migrate(db);
        // A restored database has no planner statistics until autovacuum's first pass, and the plans
        // made meanwhile are cached by every pooled connection (PostgreSQL's advice after a restore).
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            st.execute("ANALYZE");
        }
        progress.accept("  planner statistics gathered (ANALYZE)");
        return rows;
    }

    public static Properties manifest(Path dir) throws IOException {
        Path file = dir.resolve(MANIFEST);
        if (!Files.exists(file) || !Files.exists(dir.resolve(DATA))) {
            throw new IOException(dir + " is not a Varde backup (no " + MANIFEST + " and " + DATA + ")");
        }
        Properties manifest = new Properties();
        try (var r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            manifest.load(r);
        }
        return manifest;
    }

    private static long copyIn(CopyManager copy, String sql, BufferedReader in) throws SQLException, IOException {
        CopyIn copyIn = copy.copyIn(sql);
        long n = 0;
        try {
            String row;
            while ((row = in.readLine()) != null && !row.equals("\\.")) {
                byte[] bytes = (row + "\n").getBytes(StandardCharsets.UTF_8);
                copyIn.writeToCopy(bytes, 0, bytes.length);
                n++;
            }
            copyIn.endCopy();
            return n;
        } finally {
            if (copyIn.isActive()) {
                copyIn.cancelCopy();
            }
        }
    }

    private static String schemaVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT version FROM " + HISTORY
                + " WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")) {
            if (!rs.next()) {
                throw new SQLException("no Varde schema in this database (no Flyway history)");
            }
            return rs.getString(1);
        }
    }

    private static List<String> tables(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                + "AND tablename <> '" + HISTORY + "' ORDER BY tablename")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    private static List<String> columns(Connection c, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' "
                + "AND table_name = ? AND is_generated = 'NEVER' ORDER BY ordinal_position")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add('"' + rs.getString(1).replace("\"", "\"\"") + '"');
                }
            }
        }
        return columns;
    }

    private static List<String> sequences(Connection c) throws SQLException {
        List<String> setvals = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public' AND last_value IS NOT NULL ORDER BY 1")) {
            while (rs.next()) {
                setvals.add("SELECT pg_catalog.setval('public." + rs.getString(1) + "', " + rs.getLong(2) + ", true);");
            }
        }
        return setvals;
    }

    private static void text(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Passes COPY output through to the backup and counts its rows (one per line: COPY text escapes newlines in values). */
    private static final class CountingOutput extends OutputStream {
        private final OutputStream out;
        private long lines;

        CountingOutput(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            for (int i = off; i < off + len; i++) {
                if (b[i] == '\n') {
                    lines++;
                }
            }
            out.write(b, off, len);
        }
    }
}
