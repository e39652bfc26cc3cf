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

    /**
     * Kafka records Varde's consumers could not decode, all time: {@code undecodable_records} has
     * no retention and holds one row per record (keyed by its position), so its size is the count.
     */
    public long undecodableRecords() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM undecodable_records");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
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
