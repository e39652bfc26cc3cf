package no.varde.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import javax.sql.DataSource;
import no.varde.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;

class DeadLetterRetentionTest {
    @Test
    void deadLettersOlderThanThirtyDaysAreDeletedOnPlainPostgres() throws Exception {
        DataSource db = TestInfrastructure.get().newDatabase().dataSource();
        Migrations.migrate(db);
        Instant now = Instant.parse("2026-11-23T12:00:00Z");
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO rejected_messages (received_at, kafka_partition, kafka_offset, device_id, topic, reasons, "
                    + "rejections, payload, payload_size, payload_truncated) VALUES "
                    + "('2026-10-01T00:00:00Z', 0, 1, 'd', 't', ARRAY['malformed_payload'], '[]', '', 0, false), "
                    + "('2026-11-20T00:00:00Z', 0, 2, 'd', 't', ARRAY['malformed_payload'], '[]', '', 0, false)");
        }
        assertThat(new DeadLetterRetention(db).purge(now)).isEqualTo(1);
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT kafka_offset FROM rejected_messages")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(2);
            assertThat(rs.next()).isFalse();
        }
    }
}
