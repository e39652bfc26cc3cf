package no.varde.streamjobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import no.varde.model.Reading;
import no.varde.storage.Migrations;
import no.varde.testsupport.TestInfrastructure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/** Readings in COPY's binary format, read back from a real PostgreSQL exactly as they were written. */
class ReadingsCopyBufferTest {
    private static DataSource db;

    @BeforeAll
    static void migrate() {
        db = TestInfrastructure.get().newDatabase().dataSource();
        Migrations.migrate(db);
    }

    @Test
    void everyValueComesBackExactlyAsWritten() throws Exception {
        Instant received = Instant.parse("2026-12-08T02:00:00.123456Z");
        List<Reading> written = List.of(
                new Reading("exact-1", "water.pressure", 4.123456789012345, "bar", Instant.parse("2026-12-08T01:59:59.999999Z"), received),
                // before PostgreSQL's epoch (2000-01-01): a negative count of microseconds
                new Reading("exact-1", "water.flow", -0.0, "m3/h", Instant.parse("1999-12-31T23:59:59.000001Z"), received),
                new Reading("exact-1", "air.pm2_5", Double.MIN_VALUE, "µg/m3", Instant.parse("1970-01-01T00:00:00Z"), received),
                new Reading("exact-1", "air.no2", -Double.MAX_VALUE, "µg/m3", Instant.parse("2100-06-30T12:00:00.5Z"), received),
                // text the old text format could not carry (tab, backslash, newline) and letters outside ASCII
                new Reading("målestasjon-ø\t1", "traffic\\speed\n", 1e-300, "km/h", received, received));
        ReadingsCopyBuffer buffer = new ReadingsCopyBuffer();
        written.forEach(buffer::add);

        try (Connection c = db.getConnection()) {
            assertThat(buffer.copyInto(copy(c), "readings")).isEqualTo(written.size());
            assertThat(read(c, "WHERE device_id LIKE 'exact-1' OR device_id LIKE 'målestasjon%'")).containsExactlyInAnyOrderElementsOf(written);
        }
    }

    @Test
    void aBatchIsKeptAfterAFailedCopyAndGrowsPastItsFirstBlock() throws Exception {
        ReadingsCopyBuffer buffer = new ReadingsCopyBuffer();
        Instant t = Instant.parse("2026-12-08T00:00:00Z");
        List<Reading> written = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {   // about 330 KB: five times the first block
            written.add(new Reading("grow-" + (i % 50), "water.pressure", i / 7.0, "bar", t.plusSeconds(i / 50), t.plusSeconds(i / 50)));
        }
        written.forEach(buffer::add);
        assertThat(buffer.rows()).isEqualTo(5000);

        try (Connection c = db.getConnection()) {
            buffer.copyInto(copy(c), "readings");
            // The same rows again meet the primary key: the copy fails and the session is usable after it.
            assertThatThrownBy(() -> buffer.copyInto(copy(c), "readings"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23505"));
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TEMP TABLE again (LIKE readings INCLUDING DEFAULTS)");
            }
            assertThat(buffer.copyInto(copy(c), "again")).isEqualTo(5000);
            assertThat(read(c, "WHERE device_id LIKE 'grow-%'")).containsExactlyInAnyOrderElementsOf(written);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM again WHERE device_id LIKE 'grow-%'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(5000);
            }
        }

        buffer.clear();
        assertThat(buffer.rows()).isZero();
        try (Connection c = db.getConnection()) {
            assertThat(buffer.copyInto(copy(c), "readings")).as("an empty batch is a valid, empty copy").isZero();
        }
    }

    private static CopyManager copy(Connection c) throws SQLException {
        return c.unwrap(PGConnection.class).getCopyAPI();
    }

    private static List<Reading> read(Connection c, String where) throws SQLException {
        List<Reading> read = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT device_id, metric, value, unit, event_time, received_at FROM readings " + where)) {
            while (rs.next()) {
                read.add(new Reading(rs.getString(1), rs.getString(2), rs.getDouble(3), rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class).toInstant(), rs.getObject(6, OffsetDateTime.class).toInstant()));
            }
        }
        return read;
    }
}
