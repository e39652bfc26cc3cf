package no.varde.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Counters the storage writers keep in {@code storage_counters}, bumped in the transaction that
 * stores what they count, so they hold across restarts, replays and every process of a cluster.
 */
public final class StorageCounters {
    /** Readings that came with a different value for a (device, metric, time) already stored. */
    public static final String CONFLICTING_DUPLICATES = "conflicting_duplicates";

    private final DataSource dataSource;

    public StorageCounters(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public long value(String name) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT value FROM storage_counters WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }
}
