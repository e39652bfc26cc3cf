package no.varde.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import no.varde.testsupport.TestInfrastructure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReadingQueriesTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static DataSource db;
    private static ReadingQueries queries;

    @BeforeAll
    static void fill() throws Exception {
        db = TestInfrastructure.get().newDatabase().dataSource();
        Migrations.migrate(db);
        queries = new ReadingQueries(db);
        try (Connection c = db.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO readings (device_id, metric, event_time, value, unit, received_at) "
                    + "VALUES ('q-1', ?, ?, ?, 'bar', now())")) {
                for (int i = 0; i < 3 * 60; i++) {  // one reading a minute for three hours
                    ps.setString(1, "water.pressure");
                    ps.setTimestamp(2, Timestamp.from(T0.plusSeconds(60L * i)));
                    ps.setDouble(3, 4.0 + i / 1000.0);
                    ps.addBatch();
                }
                ps.setString(1, "water.flow");
                ps.setTimestamp(2, Timestamp.from(T0));
                ps.setDouble(3, 12.5);
                ps.addBatch();
                ps.executeBatch();
            }
            try (PreparedStatement m = c.prepareStatement("INSERT INTO readings_1m VALUES ('q-1', 'water.pressure', ?, 2, ?, ?, ?, ?, ?)");
                 PreparedStatement h = c.prepareStatement("INSERT INTO readings_1h VALUES ('q-1', 'water.pressure', ?, 60, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < 24 * 60; i++) {
                    Instant bucket = T0.plusSeconds(60L * i);
                    m.setTimestamp(1, Timestamp.from(bucket));
                    m.setDouble(2, 3.9);
                    m.setDouble(3, 4.1);
                    m.setDouble(4, 4.0);
                    m.setDouble(5, 4.0);
                    m.setTimestamp(6, Timestamp.from(bucket.plusSeconds(30)));
                    m.addBatch();
                }
                for (int i = 0; i < 365 * 24; i++) {
                    Instant bucket = T0.plus(Duration.ofHours(i));
                    h.setTimestamp(1, Timestamp.from(bucket));
                    h.setDouble(2, i % 2 == 0 ? 3.0 : 3.5);
                    h.setDouble(3, i % 2 == 0 ? 5.0 : 4.5);
                    h.setDouble(4, i % 2 == 0 ? 4.0 : 4.2);
                    h.setDouble(5, 4.0);
                    h.setTimestamp(6, Timestamp.from(bucket.plusSeconds(3590)));
                    h.addBatch();
                }
                m.executeBatch();
                h.executeBatch();
            }
        }
    }

    @Test
    void latestValuePerMetric() throws Exception {
        assertThat(queries.latest("q-1", null)).extracting(LatestReading::metric).containsExactly("water.flow", "water.pressure");
        LatestReading pressure = queries.latest("q-1", "water.pressure").get(0);
        assertThat(pressure.time()).isEqualTo(T0.plusSeconds(60L * 179));
        assertThat(pressure.value()).isEqualTo(4.179);
        assertThat(queries.latest("nobody", null)).isEmpty();
    }

    @Test
    void shortSpansReadRawReadings() throws Exception {
        Series series = queries.series("q-1", "water.pressure", T0, T0.plus(Duration.ofHours(1)));
        assertThat(series.resolution()).isEqualTo("raw");
        assertThat(series.points()).hasSize(60);
        assertThat(series.points().get(1).value()).isEqualTo(4.001);
    }

    @Test
    void aDayReadsMinutesAWeekReadsHours() throws Exception {
        Series day = queries.series("q-1", "water.pressure", T0, T0.plus(Duration.ofHours(24)));
        assertThat(day.resolution()).isEqualTo("1m");
        assertThat(day.points()).hasSize(24 * 60);
        assertThat(day.points().get(0).count()).isEqualTo(2);
        Series week = queries.series("q-1", "water.pressure", T0, T0.plus(Duration.ofDays(7)));
        assertThat(week.resolution()).isEqualTo("1h");
        assertThat(week.points()).hasSize(7 * 24);
    }

    @Test
    void aYearStaysUnderTwoThousandPointsWithCorrectMeans() throws Exception {
        Series year = queries.series("q-1", "water.pressure", T0, T0.plus(Duration.ofDays(365)));
        assertThat(year.resolution()).isEqualTo("1h");
        assertThat(year.bucket()).isEqualTo(Duration.ofHours(5));
        assertThat(year.points().size()).isLessThanOrEqualTo(ReadingQueries.MAX_POINTS).isGreaterThan(1700);
        // Buckets are aligned to a fixed origin (stable edges whatever the range asked for), so the
        // first and last may be partial; the ones between hold five full hours.
        SeriesPoint full = year.points().get(1);
        assertThat(full.count()).isEqualTo(5 * 60);
        assertThat(full.min()).isEqualTo(3.0);
        assertThat(full.max()).isEqualTo(5.0);
        // Every reading counted once, and the means weighted by count: half the hours 4.0, half 4.2.
        long readings = year.points().stream().mapToLong(SeriesPoint::count).sum();
        double weighted = year.points().stream().mapToDouble(p -> p.value() * p.count()).sum() / readings;
        assertThat(readings).isEqualTo(365L * 24 * 60);
        assertThat(weighted).isCloseTo(4.1, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void theQueriesUseTheirIndexes() throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            // With sequential scans priced out, the plan shows whether an index can serve the query at all.
            s.execute("SET enable_seqscan = off");
            assertThat(plan(s, "SELECT DISTINCT ON (metric) metric, event_time, value FROM readings WHERE device_id = 'q-1' "
                    + "ORDER BY metric, event_time DESC")).contains("readings_pkey");
            assertThat(plan(s, "SELECT bucket, avg FROM readings_1h WHERE device_id = 'q-1' AND metric = 'water.pressure' "
                    + "AND bucket >= '2026-01-01' AND bucket < '2026-02-01' ORDER BY bucket")).contains("readings_1h_pkey");
            assertThat(plan(s, "SELECT count(*) FROM readings WHERE event_time > now() - interval '1 hour'"))
                    .contains("readings_event_time_idx");
        }
    }

    private static String plan(Statement s, String sql) throws Exception {
        StringBuilder plan = new StringBuilder();
        try (ResultSet rs = s.executeQuery("EXPLAIN " + sql)) {
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }
}
