package no.varde.streamjobs;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Locale;
import no.varde.model.Reading;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * What the readings' COPY costs PostgreSQL and the writer in COPY's text format (what the stream
 * job wrote until 2026-12-08) and in its binary format ({@link ReadingsCopyBuffer}): the same rows,
 * in batches of 5,000 as the sink sends them, into a fresh table with `readings`' key and index on a
 * server on this machine. The server backend's CPU is read from /proc (so the server must run here);
 * the Java figure is the time spent building the batches, generating the rows included.
 *
 * Run (after `mvn -q -B install -DskipTests`), alternating the formats:
 *   javac -cp platform/target/varde-platform-0.1.0-SNAPSHOT-all.jar -d /tmp/cf docs/experiments/CopyFormats.java
 *   for f in text binary text binary; do
 *     java -cp /tmp/cf:platform/target/varde-platform-0.1.0-SNAPSHOT-all.jar no.varde.streamjobs.CopyFormats 2000000 $f
 *   done
 */
public final class CopyFormats {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final int BATCH = 5000;
    private static final String URL = System.getenv().getOrDefault("VARDE_BENCH_DB_URL", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");

    /** 1,000 devices, one reading each a second, microsecond times and values with many digits. */
    static Reading reading(long i) {
        Instant t = START.plusSeconds(i / 1000).plusNanos((i % 997) * 1000L);
        return new Reading(String.format(Locale.ROOT, "bench-%04d", i % 1000), "water.pressure", 4.0 + (i % 100) / 100.0 + i * 1e-9,
                "bar", t, t.plusMillis(150));
    }

    public static void main(String[] args) throws Exception {
        long rows = Long.parseLong(args[0]);
        boolean binary = args[1].equals("binary");
        try (Connection c = DriverManager.getConnection(URL)) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS copy_formats");
                s.execute("CREATE TABLE copy_formats (device_id text NOT NULL, metric text NOT NULL, event_time timestamptz NOT NULL, "
                        + "value double precision NOT NULL, unit text NOT NULL, received_at timestamptz NOT NULL, "
                        + "stored_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (device_id, metric, event_time))");
                s.execute("CREATE INDEX ON copy_formats (event_time DESC)");
                c.commit();
            }
            int backend;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                backend = rs.getInt(1);
            }
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            ReadingsCopyBuffer buffer = new ReadingsCopyBuffer();
            StringBuilder text = new StringBuilder();
            long building = 0;
            long start = System.nanoTime();
            long cpuBefore = cpuTicks(backend);
            for (long i = 0; i < rows; i += BATCH) {
                long t0 = System.nanoTime();
                for (long k = i; k < Math.min(rows, i + BATCH); k++) {
                    Reading r = reading(k);
                    if (binary) {
                        buffer.add(r);
                    } else {   // the text rows the writer built before
                        text.append(r.deviceId()).append('\t').append(r.metric()).append('\t').append(r.eventTime()).append('\t')
                                .append(r.value()).append('\t').append(r.unit()).append('\t').append(r.receiveTime()).append('\n');
                    }
                }
                building += System.nanoTime() - t0;
                if (binary) {
                    buffer.copyInto(copy, "copy_formats");
                    buffer.clear();
                } else {
                    copy.copyIn("COPY copy_formats " + ReadingsCopyBuffer.COLUMNS + " FROM STDIN", new StringReader(text.toString()));
                    text.setLength(0);
                }
                c.commit();
            }
            double cpu = (cpuTicks(backend) - cpuBefore) / 100.0;
            double wall = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "%s, %,d rows: %.1f s (%,.0f rows/s); server backend CPU %.2f s = %.2f CPU-s per million rows;"
                    + " building the batches in Java %.2f s%n", args[1], rows, wall, rows / wall, cpu, cpu / (rows / 1e6), building / 1e9);
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE copy_formats");
                c.commit();
            }
        }
    }

    /** utime + stime of a process, in clock ticks (100 a second on Linux). */
    private static long cpuTicks(int pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
