package no.varde.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;

/** Reads and writes {@code device_radio}, the last radio report per LoRaWAN device. Blocking JDBC. */
public final class DeviceRadioRepository {
    /** A network server retries an uplink within seconds to minutes; a counter equal after longer is a new session. */
    public static final Duration REPEAT_WINDOW = Duration.ofHours(1);

    private final DataSource dataSource;

    public DeviceRadioRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Whether this uplink repeats the last one stored for the device: the same frame counter in the
     * same session (DevAddr, when known) within {@link #REPEAT_WINDOW}. An unknown counter repeats nothing.
     */
    public boolean isRepeat(String deviceId, RadioReport report) throws SQLException {
        if (report.fCnt() == null) {
            return false;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM device_radio WHERE device_id = ? AND f_cnt = ? AND dev_addr IS NOT DISTINCT FROM ? "
                        + "AND received_at > ?")) {
            ps.setString(1, deviceId);
            ps.setLong(2, report.fCnt());
            ps.setString(3, report.devAddr());
            ps.setTimestamp(4, Timestamp.from(report.receivedAt().minus(REPEAT_WINDOW)));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Keeps the report as the device's last one (an older report never replaces a newer one). */
    public void record(String deviceId, RadioReport r) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO device_radio (device_id, source, received_at, dev_addr, f_cnt, f_port, rssi, snr, gateway_id,
                                          gateway_count, spreading_factor)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (device_id) DO UPDATE SET source = excluded.source, received_at = excluded.received_at,
                    dev_addr = excluded.dev_addr, f_cnt = excluded.f_cnt, f_port = excluded.f_port, rssi = excluded.rssi,
                    snr = excluded.snr, gateway_id = excluded.gateway_id, gateway_count = excluded.gateway_count,
                    spreading_factor = excluded.spreading_factor
                WHERE device_radio.received_at <= excluded.received_at""")) {
            ps.setString(1, deviceId);
            ps.setString(2, r.source());
            ps.setTimestamp(3, Timestamp.from(r.receivedAt()));
            ps.setString(4, r.devAddr());
            setNullable(ps, 5, r.fCnt(), Types.BIGINT);
            setNullable(ps, 6, r.fPort(), Types.INTEGER);
            setNullable(ps, 7, r.rssi(), Types.DOUBLE);
            setNullable(ps, 8, r.snr(), Types.DOUBLE);
            ps.setString(9, r.gatewayId());
            setNullable(ps, 10, r.gatewayCount(), Types.INTEGER);
            setNullable(ps, 11, r.spreadingFactor(), Types.INTEGER);
            ps.executeUpdate();
        }
    }

    public Optional<RadioReport> last(String deviceId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT source, received_at, dev_addr, f_cnt, f_port, rssi, snr, gateway_id, gateway_count, spreading_factor "
                        + "FROM device_radio WHERE device_id = ?")) {
            ps.setString(1, deviceId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new RadioReport(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                        (Long) rs.getObject(4), (Integer) rs.getObject(5), (Double) rs.getObject(6), (Double) rs.getObject(7),
                        rs.getString(8), (Integer) rs.getObject(9), (Integer) rs.getObject(10)));
            }
        }
    }

    private static void setNullable(PreparedStatement ps, int index, Object value, int type) throws SQLException {
        if (value == null) {
            ps.setNull(index, type);
        } else {
            ps.setObject(index, value, type);
        }
    }
}
