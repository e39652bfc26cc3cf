package no.varde.streamjobs;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;

/** The idempotent insert into {@code undecodable_records}, keyed by the record's Kafka position. */
final class UndecodableRecordsSql implements JdbcStatementBuilder<UndecodableRecord> {
    static final String INSERT = "INSERT INTO undecodable_records (topic, kafka_partition, kafka_offset, received_at, reason, payload) "
            + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

    @Override
    public void accept(PreparedStatement ps, UndecodableRecord row) throws SQLException {
        ps.setString(1, row.topic());
        ps.setInt(2, row.partition());
        ps.setLong(3, row.offset());
        ps.setTimestamp(4, Timestamp.from(row.receivedAt()));
        ps.setString(5, row.reason());
        ps.setBytes(6, row.payload());
    }
}
