package no.varde.opendata.dcat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import no.varde.model.Metric;
import no.varde.model.MetricCatalogue;

/**
 * One day (UTC) of one dataset, row by row: the raw readings of its public devices, and the zone's
 * hourly means over at least k devices (which is all a zone of private meters publishes). The same
 * publication rule as the SensorThings API (publication_of, migration V18), so a file can show
 * nothing the API would not. Rows stream from the database (a day of a busy zone is millions of
 * rows; none is held in memory).
 */
final class DailyRows {
    private static final MetricCatalogue CATALOGUE = MetricCatalogue.standard();

    /** Receives each row in time order. */
    interface Sink {
        void row(String datastream, String thing, String metric, Instant time, double value, String unit) throws Exception;
    }

    private DailyRows() {
    }

    /** @return rows read */
    static long read(Connection c, PublicDatasets.Dataset dataset, LocalDate day, int k, Sink sink) throws Exception {
        Timestamp from = Timestamp.from(day.atStartOfDay(ZoneOffset.UTC).toInstant());
        Timestamp to = Timestamp.from(day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        String sql = "SELECT r.device_id || ':' || r.metric, r.device_id, r.metric, r.event_time, r.value, r.unit FROM readings r"
                + " JOIN devices d ON d.id = r.device_id AND d.kind = ? AND d.zone = ?"
                + " WHERE r.event_time >= ? AND r.event_time < ? AND publication_of(r.device_id, r.metric) NOT IN ('aggregated', 'none')"
                + " UNION ALL SELECT 'zone:' || d.zone || ':' || h.metric || '~1h', 'zone:' || d.zone, h.metric, h.bucket,"
                + " sum(h.avg * h.count) / sum(h.count), NULL FROM readings_1h h"
                + " JOIN devices d ON d.id = h.device_id AND d.kind = ? AND d.zone = ?"
                + " WHERE h.bucket >= ? AND h.bucket < ? AND publication_of(h.device_id, h.metric) <> 'none'"
                + " GROUP BY d.zone, h.metric, h.bucket HAVING count(DISTINCT h.device_id) >= ?"
                + " ORDER BY 4, 1";
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false); // pgjdbc streams with a fetch size only inside a transaction
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setFetchSize(5_000);
            int i = 1;
            for (int branch = 0; branch < 2; branch++) {
                ps.setString(i++, dataset.domain());
                ps.setString(i++, dataset.zone());
                ps.setTimestamp(i++, from);
                ps.setTimestamp(i++, to);
            }
            ps.setInt(i, k);
            long rows = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String metric = rs.getString(3);
                    String unit = rs.getString(6) != null ? rs.getString(6) : CATALOGUE.find(metric).map(Metric::unit).orElse("");
                    sink.row(rs.getString(1), rs.getString(2), metric, rs.getTimestamp(4).toInstant(), rs.getDouble(5), unit);
                    rows++;
                }
            }
            return rows;
        } finally {
            c.rollback();
            c.setAutoCommit(autoCommit);
        }
    }
}
