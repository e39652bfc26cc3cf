package no.varde.console;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The fleet as the console shows it: every sensor (gateways too) with where it is, when it last
 * published, whether the silence detector holds it silent, and its battery and radio link where
 * the device or its network server reported them.
 */
final class Fleet {
    /** Like the fleet dashboard: a device that published within this is online. */
    static final Duration ONLINE_WITHIN = Duration.ofMinutes(15);
    static final int LIMIT = 5000;

    enum Status {
        ONLINE, SILENT, OFFLINE, NEVER_SEEN, DISABLED;

        String id() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** A LoRaWAN link as the fleet dashboard grades it (SNR and RSSI of the best gateway). */
    enum Link {
        GOOD, FAIR, WEAK;

        static Link of(Double rssi, Double snr) {
            if (rssi == null && snr == null) {
                return null;
            }
            if ((snr != null && snr < -10) || (rssi != null && rssi < -115)) {
                return WEAK;
            }
            if ((snr != null && snr < -5) || (rssi != null && rssi < -105)) {
                return FAIR;
            }
            return GOOD;
        }
    }

    record Device(String id, String kind, String zone, Double latitude, Double longitude, Status status, Instant lastSeen,
                  Double battery, Double rssi, Double snr) {
        Link link() {
            return Link.of(rssi, snr);
        }
    }

    private final DataSource db;

    Fleet(DataSource db) {
        this.db = db;
    }

    List<Device> devices(Instant now) throws SQLException {
        return query(now, null);
    }

    java.util.Optional<Device> device(String id, Instant now) throws SQLException {
        return query(now, id).stream().findFirst();
    }

    private List<Device> query(Instant now, String onlyId) throws SQLException {
        String sql = """
                WITH silent AS (SELECT DISTINCT unnest(device_ids) AS id FROM anomalies WHERE kind = 'silence' AND status = 'open')
                SELECT d.id, d.kind, d.zone, d.latitude, d.longitude, d.enabled, d.last_seen,
                       CASE WHEN d.metadata ->> 'battery' ~ '^[0-9]+(\\.[0-9]+)?$' THEN (d.metadata ->> 'battery')::double precision END,
                       r.rssi, r.snr, s.id IS NOT NULL
                FROM devices d LEFT JOIN device_radio r ON r.device_id = d.id LEFT JOIN silent s ON s.id = d.id
                WHERE ?::text IS NULL OR d.id = ?
                ORDER BY d.zone NULLS LAST, d.id LIMIT
                """ + LIMIT;
        List<Device> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, onlyId);
            s.setString(2, onlyId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                Timestamp seen = rs.getTimestamp(7);
                Instant lastSeen = seen == null ? null : seen.toInstant();
                Status status = !rs.getBoolean(6) ? Status.DISABLED : lastSeen == null ? Status.NEVER_SEEN : rs.getBoolean(11) ? Status.SILENT
                        : lastSeen.isAfter(now.minus(ONLINE_WITHIN)) ? Status.ONLINE : Status.OFFLINE;
                out.add(new Device(rs.getString(1), rs.getString(2), rs.getString(3), number(rs, 4), number(rs, 5), status, lastSeen,
                        number(rs, 8), number(rs, 9), number(rs, 10)));
                }
            }
        }
        return out;
    }

    private static Double number(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }
}
