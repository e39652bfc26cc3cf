package no.varde.streamjobs.rollup;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;

/**
 * Upsert of one rollup row. A window that fires again for late readings (allowed lateness)
 * replaces its earlier result, and a replay writes the same values again: both idempotent.
 */
public final class RollupSql implements JdbcStatementBuilder<Rollup> {
    public static String upsert(String table) {
        return "INSERT INTO " + table + " (device_id, metric, bucket, count, min, max, avg, last, last_time) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (device_id, metric, bucket) DO UPDATE SET "
                + "count = EXCLUDED.count, min = EXCLUDED.min, max = EXCLUDED.max, avg = EXCLUDED.avg, "
                + "last = EXCLUDED.last, last_time = EXCLUDED.last_time";
    }

    @Override
    public void accept(PreparedStatement ps, Rollup r) throws SQLException {
        ps.setString(1, r.deviceId());
        ps.setString(2, r.metric());
        ps.setTimestamp(3, Timestamp.from(r.bucket()));
        ps.setInt(4, r.count());
        ps.setDouble(5, r.min());
        ps.setDouble(6, r.max());
        ps.setDouble(7, r.avg());
        ps.setDouble(8, r.last());
        ps.setTimestamp(9, Timestamp.from(r.lastTime()));
    }
}
