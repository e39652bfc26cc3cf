package no.varde.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;

/** Checks of the anomaly and alert tables, run on plain PostgreSQL and on TimescaleDB. */
final class AlertSchemaChecks {
    private AlertSchemaChecks() {
    }

    static void oneUnresolvedAlertPerGroup(DataSource db) throws SQLException {
        UUID anomaly = UUID.randomUUID();
        String group = "water/Nord/leak/" + anomaly;
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO anomalies (id, kind, severity, status, domain, zone, device_ids, metric, score, observed, "
                    + "expected_low, expected_high, started_at, updated_at, explanation) VALUES ('" + anomaly + "', 'leak', 'critical', "
                    + "'open', 'water', 'Nord', ARRAY['w-1','w-2'], 'water.pressure', 0.97, 2.3, 3.9, 4.4, now(), now(), "
                    + "'pressure in zone Nord fell from 4.1 to 2.3 bar in 6 minutes while night flow rose 40 %')");
            s.executeUpdate("INSERT INTO alerts (group_key, first_anomaly_id, domain, zone, severity, state, title, summary, opened_at, updated_at) "
                    + "VALUES ('" + group + "', '" + anomaly + "', 'water', 'Nord', 'critical', 'open', 'Leak in Nord', 'pressure drop', now(), now())");
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO alerts (group_key, domain, severity, state, title, summary, opened_at, updated_at) "
                    + "VALUES ('" + group + "', 'water', 'critical', 'open', 'again', 'again', now(), now())"))
                    .as("a second unresolved alert for the same problem").isInstanceOf(SQLException.class);
            s.executeUpdate("UPDATE alerts SET state = 'resolved', resolved_at = now(), resolved_by = 'vakt' WHERE group_key = '" + group + "'");
            s.executeUpdate("INSERT INTO alerts (group_key, domain, severity, state, title, summary, opened_at, updated_at) "
                    + "VALUES ('" + group + "', 'water', 'warning', 'open', 'Leak in Nord again', 'pressure drop', now(), now())");
            s.executeUpdate("INSERT INTO alert_events (alert_id, actor, action) SELECT id, 'system', 'created' FROM alerts WHERE group_key = '" + group + "'");
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM alert_events e JOIN alerts a ON a.id = e.alert_id WHERE a.group_key = '" + group + "'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM anomalies WHERE device_ids @> ARRAY['w-2']")) {
                rs.next();
                assertThat(rs.getInt(1)).isPositive();
            }
        }
    }
}
