package no.varde.opendata.dcat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import no.varde.model.Metric;
import no.varde.model.MetricCatalogue;

/**
 * One day (UTC) of one dataset as CSV: the raw readings of its public devices, and the zone's
 * hourly means over at least k devices (which is all a zone of private meters publishes). The
 * same publication rule as the SensorThings API, in SQL, so a file can show nothing the API
 * would not. Rows stream from the database to the writer (a day of a busy zone is millions of
 * rows; none is held in memory).
 */
public final class DailyCsv {
    public static final String HEADER = "datastream,thing,metric,time,value,unit\n";

    private static final MetricCatalogue CATALOGUE = MetricCatalogue.standard();

    private DailyCsv() {
    }

    /** A CSV field, quoted when it holds a comma, a quote or a line break (a zone may be named anything). */
    static String field(String s) {
        return s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0 ? s : '"' + s.replace("\"", "\"\"") + '"';
    }

    /** @return rows written */
    public static long write(Connection c, PublicDatasets.Dataset dataset, LocalDate day, int k, OutputStream out) throws SQLException, IOException {
        Timestamp from = Timestamp.from(day.atStartOfDay(ZoneOffset.UTC).toInstant());
        Timestamp to = Timestamp.from(day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        String sql = "SELECT r.device_id || ':' || r.metric, r.device_id, r.metric, r.event_time, r.value, r.unit FROM readings r"
                + " JOIN devices d ON d.id = r.device_id AND d.kind = ? AND d.zone = ? AND d.publication = 'public'"
                + " WHERE r.event_time >= ? AND r.event_time < ?"
                + " AND NOT EXISTS (SELECT 1 FROM metric_publication mp WHERE mp.metric = r.metric AND mp.publication <> 'public')"
                + " UNION ALL SELECT 'zone:' || d.zone || ':' || h.metric || '~1h', 'zone:' || d.zone, h.metric, h.bucket,"
                + " sum(h.avg * h.count) / sum(h.count), NULL FROM readings_1h h"
                + " JOIN devices d ON d.id = h.device_id AND d.kind = ? AND d.zone = ? AND d.publication <> 'none'"
                + " WHERE h.bucket >= ? AND h.bucket < ?"
                + " AND NOT EXISTS (SELECT 1 FROM metric_publication mp WHERE mp.metric = h.metric AND mp.publication = 'none')"
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
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            w.write(HEADER);
            long rows = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String metric = rs.getString(3);
                    String unit = rs.getString(6) != null ? rs.getString(6) : CATALOGUE.find(metric).map(Metric::unit).orElse("");
                    w.write(field(rs.getString(1)) + ',' + field(rs.getString(2)) + ',' + metric + ',' + rs.getTimestamp(4).toInstant() + ','
                            + rs.getDouble(5) + ',' + field(unit) + '\n');
                    rows++;
                }
            }
            w.flush();
            return rows;
        } finally {
            c.rollback();
            c.setAutoCommit(autoCommit);
        }
    }
}
