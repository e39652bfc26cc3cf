package no.varde.storage;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Counts over {@code readings}, for health and status reporting. */
public final class ReadingStats {
    private final DataSource dataSource;

    public ReadingStats(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Rows stored. An exact count: fine for the walking skeleton's volumes; large installations
     * will read it from the rollups or the planner's estimate instead.
     */
    public long storedCount() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM readings")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
