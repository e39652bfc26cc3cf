package no.varde.streamjobs;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;

/** The idempotent insert into {@code rejected_messages}, keyed by the record's Kafka position. */
final class DeadLettersSql implements JdbcStatementBuilder<DeadLetterRow> {
    static final String INSERT = "INSERT INTO rejected_messages (received_at, kafka_partition, kafka_offset, device_id, topic, "
            + "reasons, rejections, payload, payload_size, payload_truncated) "
            + "VALUES (?, ?, ?, ?, ?, string_to_array(?, ','), ?::jsonb, ?, ?, ?) ON CONFLICT DO NOTHING";

    @Override
    public void accept(PreparedStatement ps, DeadLetterRow row) throws SQLException {
        ps.setTimestamp(1, Timestamp.from(row.receivedAt()));
        ps.setInt(2, row.partition());
        ps.setLong(3, row.offset());
        ps.setString(4, row.deviceId());
        ps.setString(5, row.topic());
        // Reason codes are [a-z_]+, so a comma-joined string is an unambiguous array literal.
        ps.setString(6, String.join(",", row.reasons()));
        ps.setString(7, row.rejectionsJson());
        ps.setBytes(8, row.payload());
        ps.setInt(9, row.payloadSize());
        ps.setBoolean(10, row.payloadTruncated());
    }
}
