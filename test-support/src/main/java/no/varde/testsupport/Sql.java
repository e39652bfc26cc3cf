package no.varde.testsupport;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * What tests do with plain SQL: run statements to set a scene, count rows to check it, and watch
 * locks (a test of lock order holds one lock and looks at which others the code under test took
 * before it had to wait).
 */
public final class Sql {
    private Sql() {
    }

    /** Runs each statement in turn on one connection (auto-commit). */
    public static void exec(DataSource db, String... statements) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    /** The first column of the first row of {@code query}, as a number (a count). */
    public static long count(DataSource db, String query) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Waits until a session on this database waits for a lock that another transaction holds. */
    public static void awaitALockWait(DataSource db, Duration timeout) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count(db, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no session waited for a lock within " + timeout);
            }
            Thread.sleep(20);
        }
    }

    /** Whether another transaction holds a lock on a row {@code query} selects: {@code query} is run with FOR UPDATE NOWAIT. */
    public static boolean rowLockedElsewhere(DataSource db, String query) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.executeQuery(query + " FOR UPDATE NOWAIT").close();
            return false;
        } catch (SQLException e) {
            if ("55P03".equals(e.getSQLState())) {   // lock_not_available
                return true;
            }
            throw e;
        }
    }

    /** Whether another session holds the transaction-level advisory lock {@code key}. */
    public static boolean advisoryLockedElsewhere(DataSource db, long key) throws SQLException {
        return count(db, "SELECT CASE WHEN pg_try_advisory_xact_lock(" + key + ") THEN 0 ELSE 1 END") == 1;
    }
}
