package no.varde.streamjobs;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import no.varde.model.Reading;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;

/** Idempotent inserts into {@code late_readings}: the rollup windows' late side output. */
public final class LateReadingsSql implements JdbcStatementBuilder<Reading> {
    public static final String INSERT = "INSERT INTO late_readings (device_id, metric, event_time, value, received_at) "
            + "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

    @Override
    public void accept(PreparedStatement s, Reading r) throws SQLException {
        s.setString(1, r.deviceId());
        s.setString(2, r.metric());
        s.setTimestamp(3, Timestamp.from(r.eventTime()));
        s.setDouble(4, r.value());
        s.setTimestamp(5, Timestamp.from(r.receiveTime()));
    }
}
