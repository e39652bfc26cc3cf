package no.varde.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The read side: latest values and series at a resolution chosen by the span, so no chart ever
 * scans a year of raw rows. Same SQL on PostgreSQL and TimescaleDB ({@code date_bin} is core
 * PostgreSQL 14+). Blocking JDBC: call it off event loops.
 */
public final class ReadingQueries {
    /** A series has at most about this many points. */
    public static final int MAX_POINTS = 2000;
    /** Spans up to this read raw readings (2 h at one reading a second would still be 7,200: capped). */
    static final Duration RAW_UP_TO = Duration.ofHours(2);
    /** Spans up to this read 1-minute rollups; longer ones 1-hour rollups. */
    static final Duration MINUTES_UP_TO = Duration.ofMinutes(MAX_POINTS);

    private final DataSource dataSource;

    public ReadingQueries(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The newest value of each metric of a device (or of one metric). */
    public List<LatestReading> latest(String deviceId, String metric) throws SQLException {
        String sql = "SELECT DISTINCT ON (metric) device_id, metric, event_time, value, unit FROM readings "
                + "WHERE device_id = ?" + (metric == null ? "" : " AND metric = ?") + " ORDER BY metric, event_time DESC";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, deviceId);
            if (metric != null) {
                ps.setString(2, metric);
            }
            List<LatestReading> latest = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    latest.add(new LatestReading(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                            rs.getDouble(4), rs.getString(5)));
                }
            }
            return latest;
        }
    }

    /** {@code [from, to)} of one device's metric: raw up to 2 h, 1-minute rollups up to ~33 h, else hours. */
    public Series series(String deviceId, String metric, Instant from, Instant to) throws SQLException {
        Duration span = Duration.between(from, to);
        String resolution = span.compareTo(RAW_UP_TO) <= 0 ? "raw" : span.compareTo(MINUTES_UP_TO) <= 0 ? "1m" : "1h";
        Duration base = switch (resolution) {
            case "raw" -> Duration.ZERO;
            case "1m" -> Duration.ofMinutes(1);
            default -> Duration.ofHours(1);
        };
        // Longer than 2,000 hours: merge hours into wider buckets so the point count stays bounded.
        Duration bucket = base;
        if (!base.isZero() && span.dividedBy(base) > MAX_POINTS) {
            long hours = (long) Math.ceil(span.toHours() / (double) MAX_POINTS);
            bucket = Duration.ofHours(hours);
        }
        String sql = switch (resolution) {
            case "raw" -> "SELECT event_time, value, value, value, 1 FROM readings WHERE device_id = ? AND metric = ? "
                    + "AND event_time >= ? AND event_time < ? ORDER BY event_time LIMIT " + MAX_POINTS;
            default -> {
                String table = resolution.equals("1m") ? "readings_1m" : "readings_1h";
                yield bucket.equals(base)
                        ? "SELECT bucket, avg, min, max, count FROM " + table + " WHERE device_id = ? AND metric = ? "
                                + "AND bucket >= ? AND bucket < ? ORDER BY bucket"
                        : "SELECT date_bin(interval '" + bucket.toHours() + " hours', bucket, timestamptz '2000-01-01'), "
                                + "sum(avg * count) / sum(count), min(min), max(max), sum(count)::int FROM " + table
                                + " WHERE device_id = ? AND metric = ? AND bucket >= ? AND bucket < ? GROUP BY 1 ORDER BY 1";
            }
        };
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, deviceId);
            ps.setString(2, metric);
            ps.setTimestamp(3, Timestamp.from(from));
            ps.setTimestamp(4, Timestamp.from(to));
            List<SeriesPoint> points = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    points.add(new SeriesPoint(rs.getTimestamp(1).toInstant(), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4),
                            rs.getInt(5)));
                }
            }
            return new Series(deviceId, metric, resolution, bucket, points);
        }
    }
}
