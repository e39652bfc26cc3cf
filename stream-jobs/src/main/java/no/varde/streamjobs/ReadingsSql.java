package no.varde.streamjobs;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import no.varde.model.Reading;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;

/**
 * The idempotent insert into {@code readings}: the primary key (device, metric, event time)
 * turns a replay after a restart into a no-op instead of a duplicate row.
 */
final class ReadingsSql implements JdbcStatementBuilder<Reading> {
    static final String INSERT = "INSERT INTO readings (device_id, metric, event_time, value, unit, received_at) "
            + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (device_id, metric, event_time) DO NOTHING";

    @Override
    public void accept(PreparedStatement ps, Reading reading) throws SQLException {
        ps.setString(1, reading.deviceId());
        ps.setString(2, reading.metric());
        ps.setTimestamp(3, Timestamp.from(reading.eventTime()));
        ps.setDouble(4, reading.value());
        ps.setString(5, reading.unit());
        ps.setTimestamp(6, Timestamp.from(reading.receiveTime()));
    }
}
