package no.varde.console;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import no.varde.alerting.lifecycle.AlertRow;

/** The reads the console's pages need beyond alerting's own: unresolved alerts most severe first, and mine. */
final class ConsoleQueries {
    /** Most severe first, then the oldest (it has waited longest). */
    private static final String ORDER = " ORDER BY CASE severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, opened_at, id";
    static final int PAGE = 200;

    private final DataSource db;

    ConsoleQueries(DataSource db) {
        this.db = db;
    }

    List<AlertRow> unresolved() throws SQLException {
        return alerts("SELECT " + AlertRow.COLUMNS + " FROM alerts WHERE state <> 'resolved'" + ORDER + " LIMIT " + PAGE);
    }

    /** Unresolved alerts assigned to this person, by their audit name or their user name. */
    List<AlertRow> assignedTo(Person p) throws SQLException {
        return alerts("SELECT " + AlertRow.COLUMNS + " FROM alerts WHERE state <> 'resolved' AND assignee IN (?, ?)" + ORDER + " LIMIT " + PAGE, p.actor(), p.username());
    }

    /** Recently resolved, newest first, so the morning shift sees what the night handled. */
    List<AlertRow> recentlyResolved(int limit) throws SQLException {
        return alerts("SELECT " + AlertRow.COLUMNS + " FROM alerts WHERE state = 'resolved' ORDER BY resolved_at DESC, id DESC LIMIT " + limit);
    }

    private List<AlertRow> alerts(String sql, Object... params) throws SQLException {
        List<AlertRow> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(AlertRow.read(rs));
                }
            }
        }
        return out;
    }
}
