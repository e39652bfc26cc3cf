package no.varde.simulator.bench;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads back from PostgreSQL what a bench run stored: how many of its readings, how late the
 * newest one is, and the publish-to-stored latency ({@code stored_at - event_time}; the bench
 * stamps each reading with the moment it publishes it, on the same machine's clock).
 */
final class StoredReadings implements AutoCloseable {
    /** Stored-latency figures for one second of the run (or the whole run: second -1). */
    record Latency(int second, long count, double p50Ms, double p99Ms, double p999Ms) {
    }

    private final Connection connection;
    private final Array devices;

    StoredReadings(BenchSettings.Database database, List<String> deviceIds) throws SQLException {
        connection = DriverManager.getConnection(database.url(), database.user(), database.password());
        devices = connection.createArrayOf("text", deviceIds.toArray());
    }

    /** Seconds between the newest stored reading (any device) and now; NaN when none in the last ten minutes. */
    double lagSeconds() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT extract(epoch FROM clock_timestamp() - max(event_time)) FROM readings WHERE event_time > now() - interval '10 minutes'");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            double lag = rs.getDouble(1);
            return rs.wasNull() ? Double.NaN : lag;
        }
    }

    long count(Instant from, Instant to) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT count(*) FROM readings WHERE device_id = ANY(?) AND event_time >= ? AND event_time <= ?")) {
            ps.setArray(1, devices);
            ps.setTimestamp(2, Timestamp.from(from));
            ps.setTimestamp(3, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    long rejected(Instant from) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT count(*) FROM rejected_messages WHERE device_id = ANY(?) AND received_at >= ?")) {
            ps.setArray(1, devices);
            ps.setTimestamp(2, Timestamp.from(from));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Latency over [from, to) as a whole. */
    Latency overall(Instant from, Instant to) throws SQLException {
        String sql = "SELECT count(*), " + percentiles() + " FROM readings WHERE device_id = ANY(?) AND event_time >= ? AND event_time < ?";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            bind(ps, from, to, 1);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Latency(-1, rs.getLong(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4));
            }
        }
    }

    /** Latency per second of event time since {@code from}. */
    List<Latency> perSecond(Instant from, Instant to) throws SQLException {
        String sql = "SELECT floor(extract(epoch FROM event_time - ?::timestamptz))::int AS s, count(*), " + percentiles()
                + " FROM readings WHERE device_id = ANY(?) AND event_time >= ? AND event_time < ? GROUP BY 1 ORDER BY 1";
        List<Latency> list = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(from));
            bind(ps, from, to, 2);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(new Latency(rs.getInt(1), rs.getLong(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5)));
                }
            }
        }
        return list;
    }

    private void bind(PreparedStatement ps, Instant from, Instant to, int first) throws SQLException {
        ps.setArray(first, devices);
        ps.setTimestamp(first + 1, Timestamp.from(from));
        ps.setTimestamp(first + 2, Timestamp.from(to));
    }

    private static String percentiles() {
        String ms = "extract(epoch FROM stored_at - event_time) * 1000";
        return "percentile_cont(0.5) WITHIN GROUP (ORDER BY " + ms + "), percentile_cont(0.99) WITHIN GROUP (ORDER BY " + ms
                + "), percentile_cont(0.999) WITHIN GROUP (ORDER BY " + ms + ")";
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
