package no.varde.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * Keeps {@code rejected_messages} to 30 days on plain PostgreSQL, where no TimescaleDB retention
 * policy does it (the platform runs this hourly; on TimescaleDB it does nothing).
 */
public final class DeadLetterRetention {
    public static final Duration KEEP = Duration.ofDays(30);

    private final DataSource dataSource;

    public DeadLetterRetention(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Deletes dead letters received before {@code now - KEEP}; returns how many. */
    public int purge(Instant now) throws SQLException {
        if (Databases.hasTimescale(dataSource)) {
            return 0;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM rejected_messages WHERE received_at < ?")) {
            ps.setTimestamp(1, Timestamp.from(now.minus(KEEP)));
            return ps.executeUpdate();
        }
    }
}
