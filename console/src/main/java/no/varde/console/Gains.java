package no.varde.console;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * "Gevinst og måling": what Varde did for the town in one month (Europe/Oslo), per zone and for
 * the whole town, from the alerts, their audit trail, the notifications and the rollups. Each
 * figure says how it is measured:
 * <ul>
 *   <li>detection: from the start of the first anomaly of an alert (the detector's estimate of
 *       when the problem began) to the alert being raised;</li>
 *   <li>acknowledgement and resolution: from the alert being raised;</li>
 *   <li>false alarms: alerts resolved with the outcome "false alarm";</li>
 *   <li>completeness: device-hours with at least one reading, out of the hours each enabled sensor
 *       existed in the month (up to now);</li>
 *   <li>resident warnings: alerts whose residents were warned, the warnings sent, and the time from
 *       the engineer's confirmation to the all-clear.</li>
 * </ul>
 */
public final class Gains {
    /** The zone of alerts with no zone (town-wide), and the row that sums every zone. */
    static final String NO_ZONE = "";
    static final String TOWN = "*";

    /** One alert as the report counts it. */
    record AlertFacts(String zone, String domain, Instant firstAnomaly, Instant opened, Instant acknowledged, Instant resolved,
                      String outcome, Instant confirmed, Instant allClear, int residentWarnings) {
    }

    /** One row of the report. Durations in minutes; NaN where nothing was measured. */
    public record Row(String zone, int alerts, Map<String, Integer> byDomain, int falseAlarms, double[] detection, double[] acknowledgement,
                      double[] resolution, double completeness, int warnedAlerts, int warningsSent, double[] allClear) {
    }

    /** Incidents the simulator injected of one kind this month, and how many an anomaly of the answering kind found. */
    public record TruthRow(String kind, String answer, int injected, int found) {
    }

    /** @param truth per incident kind; empty when no simulator runs */
    public record Report(YearMonth month, Instant from, Instant to, List<Row> zones, Row town, List<TruthRow> truth) {
    }

    /** How far an anomaly's start may lie outside its incident and still be its finding (as {@code varde evaluate} allows after the end). */
    static final Duration SLACK = Duration.ofMinutes(10);

    private final DataSource db;
    private final GroundTruth groundTruth;

    public Gains(DataSource db) {
        this(db, null);
    }

    /** @param groundTruth the simulator's incidents, or null for a real town */
    public Gains(DataSource db, GroundTruth groundTruth) {
        this.db = db;
        this.groundTruth = groundTruth;
    }

    public Report month(YearMonth month, Instant now) throws SQLException {
        Instant from = month.atDay(1).atStartOfDay(Messages.OSLO).toInstant();
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay(Messages.OSLO).toInstant();
        List<AlertFacts> alerts = alerts(from, to);
        Map<String, double[]> completeness = completeness(from, to.isAfter(now) ? now : to);
        Map<String, List<AlertFacts>> byZone = new TreeMap<>();
        for (AlertFacts a : alerts) {
            byZone.computeIfAbsent(a.zone(), z -> new ArrayList<>()).add(a);
        }
        completeness.keySet().forEach(z -> byZone.computeIfAbsent(z, k -> new ArrayList<>()));
        List<Row> rows = new ArrayList<>();
        double[] townHours = {0, 0};
        for (Map.Entry<String, List<AlertFacts>> z : byZone.entrySet()) {
            double[] c = completeness.getOrDefault(z.getKey(), new double[] {0, 0});
            townHours[0] += c[0];
            townHours[1] += c[1];
            rows.add(row(z.getKey(), z.getValue(), c));
        }
        return new Report(month, from, to, rows, row(TOWN, alerts, townHours), truth(from, to));
    }

    private List<TruthRow> truth(Instant from, Instant to) throws SQLException {
        if (groundTruth == null) {
            return List.of();
        }
        List<GroundTruth.Incident> incidents;
        try {
            incidents = groundTruth.startedBetween(from, to);
        } catch (java.io.IOException e) {
            throw new SQLException("the simulator's ground truth cannot be read: " + e.getMessage(), e);
        }
        Map<String, int[]> counts = new TreeMap<>();
        Map<String, String> answers = new TreeMap<>();
        String sql = """
                SELECT EXISTS (SELECT 1 FROM anomalies a WHERE a.kind = ? AND a.started_at >= ? AND a.started_at <= ?
                               AND CASE WHEN ? THEN a.zone = ? ELSE a.device_ids && ? END)""";
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (GroundTruth.Incident i : incidents) {
                s.setString(1, i.answer());
                s.setTimestamp(2, Timestamp.from(i.start().minus(SLACK)));
                s.setTimestamp(3, Timestamp.from(i.end().plus(SLACK)));
                s.setBoolean(4, i.zoneWide());
                s.setString(5, i.zone());
                s.setArray(6, c.createArrayOf("text", i.devices().toArray()));
                boolean found;
                try (ResultSet rs = s.executeQuery()) {
                    found = rs.next() && rs.getBoolean(1);
                }
                int[] n = counts.computeIfAbsent(i.kind(), k -> new int[2]);
                n[0]++;
                n[1] += found ? 1 : 0;
                answers.put(i.kind(), i.answer());
            }
        }
        List<TruthRow> out = new ArrayList<>();
        counts.forEach((kind, n) -> out.add(new TruthRow(kind, answers.get(kind), n[0], n[1])));
        return out;
    }

    static Row row(String zone, List<AlertFacts> alerts, double[] hours) {
        Map<String, Integer> byDomain = new LinkedHashMap<>();
        for (String d : new String[] {"water", "air", "traffic"}) {
            byDomain.put(d, 0);
        }
        List<Double> detection = new ArrayList<>();
        List<Double> ack = new ArrayList<>();
        List<Double> resolution = new ArrayList<>();
        List<Double> allClear = new ArrayList<>();
        int falseAlarms = 0;
        int warned = 0;
        int sent = 0;
        for (AlertFacts a : alerts) {
            byDomain.merge(a.domain(), 1, Integer::sum);
            add(detection, a.firstAnomaly(), a.opened());
            add(ack, a.opened(), a.acknowledged());
            add(resolution, a.opened(), a.resolved());
            add(allClear, a.confirmed(), a.allClear());
            falseAlarms += "false_alarm".equals(a.outcome()) ? 1 : 0;
            warned += a.confirmed() != null ? 1 : 0;
            sent += a.residentWarnings();
        }
        double completeness = hours[1] > 0 ? Math.min(1, hours[0] / hours[1]) : Double.NaN;
        return new Row(zone, alerts.size(), byDomain, falseAlarms, quantiles(detection), quantiles(ack), quantiles(resolution), completeness,
                warned, sent, quantiles(allClear));
    }

    private static void add(List<Double> minutes, Instant from, Instant to) {
        if (from != null && to != null && !to.isBefore(from)) {
            minutes.add(Duration.between(from, to).toMillis() / 60_000.0);
        }
    }

    /** {median, p90} by the nearest-rank method (a value that occurred, no interpolation); NaN when empty. */
    static double[] quantiles(List<Double> values) {
        if (values.isEmpty()) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        return new double[] {v[(int) Math.ceil(0.5 * v.length) - 1], v[(int) Math.ceil(0.9 * v.length) - 1]};
    }

    private List<AlertFacts> alerts(Instant from, Instant to) throws SQLException {
        String sql = """
                SELECT coalesce(a.zone, '') AS zone, a.domain, a.opened_at, a.acknowledged_at, a.resolved_at,
                       (SELECT min(an.started_at) FROM alert_anomalies l JOIN anomalies an ON an.id = l.anomaly_id WHERE l.alert_id = a.id),
                       (SELECT e.details ->> 'outcome' FROM alert_events e WHERE e.alert_id = a.id AND e.action = 'resolved' ORDER BY e.at DESC LIMIT 1),
                       (SELECT min(e.at) FROM alert_events e WHERE e.alert_id = a.id AND e.action = 'confirmed'),
                       (SELECT min(n.created_at) FROM notifications n WHERE n.alert_id = a.id AND n.purpose = 'resident_all_clear'),
                       (SELECT count(*) FROM notifications n WHERE n.alert_id = a.id AND n.purpose = 'resident_warning')
                FROM alerts a WHERE a.opened_at >= ? AND a.opened_at < ? ORDER BY a.opened_at""";
        List<AlertFacts> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setTimestamp(1, Timestamp.from(from));
            s.setTimestamp(2, Timestamp.from(to));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new AlertFacts(rs.getString(1), rs.getString(2), instant(rs, 6), instant(rs, 3), instant(rs, 4), instant(rs, 5),
                            rs.getString(7), instant(rs, 8), instant(rs, 9), rs.getInt(10)));
                }
            }
        }
        return out;
    }

    /** Per zone: {device-hours with data, device-hours the enabled sensors existed}, over [from, to). */
    private Map<String, double[]> completeness(Instant from, Instant to) throws SQLException {
        Map<String, double[]> out = new TreeMap<>();
        if (!to.isAfter(from)) {
            return out;
        }
        String sql = """
                WITH sensors AS (
                    SELECT id, coalesce(zone, '') AS zone, greatest(?::timestamptz, date_trunc('hour', created_at)) AS since
                    FROM devices WHERE enabled AND kind <> 'gateway')
                SELECT s.zone,
                       (SELECT count(*) FROM readings_1h h JOIN sensors t ON t.id = h.device_id
                         WHERE t.zone = s.zone AND h.bucket >= ? AND h.bucket < ?),
                       sum(greatest(0, extract(epoch FROM (?::timestamptz - s.since)) / 3600))
                FROM sensors s GROUP BY s.zone""";
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setTimestamp(1, Timestamp.from(from));
            s.setTimestamp(2, Timestamp.from(from));
            s.setTimestamp(3, Timestamp.from(to));
            s.setTimestamp(4, Timestamp.from(to));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new double[] {rs.getDouble(2), rs.getDouble(3)});
                }
            }
        }
        return out;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
