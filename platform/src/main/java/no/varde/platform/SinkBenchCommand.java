package no.varde.platform;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import no.varde.model.Reading;
import no.varde.simulator.bench.PsqlCopy;
import no.varde.storage.Databases;
import no.varde.storage.Migrations;
import no.varde.streamjobs.Connectors;
import no.varde.streamjobs.LocalFlink;
import no.varde.streamjobs.StreamJobsConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code varde bench-sink}: how fast the readings sink writes into PostgreSQL, next to
 * {@code psql \copy} of the same rows into the same table as the reference. Each side gets a
 * fresh database with Varde's schema (same key and indexes); both are dropped afterwards.
 */
@Command(name = "bench-sink", mixinStandardHelpOptions = true,
        description = "Benchmark the Flink readings sink against psql \\copy of the same rows; prints rows/s and the ratio.")
final class SinkBenchCommand implements Callable<Integer> {
    @Option(names = "--rows", defaultValue = "3000000", description = "Readings to write (default: ${DEFAULT-VALUE}).")
    long rows;

    @Option(names = "--server", defaultValue = "${env:VARDE_BENCH_DB_URL:-jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}",
            description = "JDBC URL of a database on the server to benchmark; the role must be allowed to create databases.")
    String server;

    @Option(names = "--psql", defaultValue = "psql", description = "psql executable for the reference run.")
    String psql;

    private static final int DEVICES = 1000;
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    /** The i-th benchmark reading: 1,000 devices, one reading each per second. */
    static Reading reading(long i) {
        Instant t = START.plusSeconds(i / DEVICES);
        return new Reading(String.format(Locale.ROOT, "bench-%04d", i % DEVICES), "water.pressure", 4.0 + (i % 100) / 100.0, "bar", t, t);
    }

    @Override
    public Integer call() throws Exception {
        String suffix = Long.toString(System.nanoTime(), 36);
        String sinkDb = "varde_bench_sink_" + suffix;
        String copyDb = "varde_bench_copy_" + suffix;
        Path csv = Files.createTempFile("varde-bench-", ".csv");
        try {
            create(sinkDb);
            create(copyDb);
            double sinkRate = runSink(url(sinkDb));
            double copyRate = runCopy(url(copyDb), csv);
            System.out.printf(Locale.ROOT, "%nreadings sink (COPY; on a replayed row: staging table + ON CONFLICT DO NOTHING): %,.0f rows/s%n", sinkRate);
            System.out.printf(Locale.ROOT, "psql \\copy of the same rows (reference):                                       %,.0f rows/s%n", copyRate);
            System.out.printf(Locale.ROOT, "ratio sink / copy: %.2f (%d rows, %s)%n", sinkRate / copyRate, rows, Databases.redact(server));
            return 0;
        } finally {
            drop(sinkDb);
            drop(copyDb);
            Files.deleteIfExists(csv);
        }
    }

    private double runSink(String url) throws Exception {
        Migrations.migrate(Databases.dataSource(url, null, null));
        StreamJobsConfig config = new StreamJobsConfig("unused:9092", "unused", "unused", "unused", "bench", url, null, null,
                java.time.Duration.ofSeconds(10));
        StreamExecutionEnvironment env = LocalFlink.environment();
        env.fromSequence(0, rows - 1).map(SinkBenchCommand::reading).returns(TypeInformation.of(Reading.class))
                .sinkTo(Connectors.readingsSink(config)).name("readings sink");
        ScheduledExecutorService progress = progress(url, "sink");
        long start = System.nanoTime();
        try {
            env.execute("bench-sink");
        } finally {
            progress.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long stored = count(url);
        if (stored != rows) {
            throw new IllegalStateException("the sink stored " + stored + " of " + rows + " rows");
        }
        return rows / seconds;
    }

    private double runCopy(String url, Path csv) throws Exception {
        Migrations.migrate(Databases.dataSource(url, null, null));
        try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            for (long i = 0; i < rows; i++) {
                Reading r = reading(i);
                out.write(r.deviceId() + "," + r.metric() + "," + r.eventTime() + "," + r.value() + "," + r.unit() + "," + r.receiveTime() + "\n");
            }
        }
        ScheduledExecutorService progress = progress(url, "psql \\copy");
        double seconds;
        try {
            seconds = PsqlCopy.seconds(psql, url, null, null, "readings", "device_id, metric, event_time, value, unit, received_at", csv, "csv");
        } finally {
            progress.shutdownNow();
        }
        return rows / seconds;
    }

    private ScheduledExecutorService progress(String url, String what) {
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor();
        long start = System.nanoTime();
        progress.scheduleAtFixedRate(() -> {
            try {
                long n = count(url);
                System.out.printf(Locale.ROOT, "  %-12s %,11d of %,d rows  %5.1f s%n", what, n, rows, (System.nanoTime() - start) / 1e9);
            } catch (Exception e) {
                // a count that fails now and then does not matter for a progress line
            }
        }, 2, 2, TimeUnit.SECONDS);
        return progress;
    }

    private long count(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM readings")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String url(String database) {
        return server.replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1" + database);
    }

    private void create(String database) throws Exception {
        try (Connection c = DriverManager.getConnection(server); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
    }

    private void drop(String database) {
        try (Connection c = DriverManager.getConnection(server); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (Exception e) {
            System.err.println("could not drop " + database + ": " + e.getMessage());
        }
    }
}
