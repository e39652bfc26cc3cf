package no.varde.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Optional;
import javax.sql.DataSource;

/** Reads and writes {@code devices}. Blocking JDBC: call it off event loops. */
public final class DeviceRepository {
    private final DataSource dataSource;

    public DeviceRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Registers a device or, when it exists, replaces its details and credential. */
    public void upsert(Device device, String credentialHash) throws SQLException {
        String sql = """
                INSERT INTO devices (id, kind, zone, latitude, longitude, enabled, credential_hash)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, zone = EXCLUDED.zone,
                    latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude,
                    enabled = EXCLUDED.enabled, credential_hash = EXCLUDED.credential_hash""";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, device.id());
            ps.setString(2, device.kind().id());
            ps.setString(3, device.zone());
            setDouble(ps, 4, device.latitude());
            setDouble(ps, 5, device.longitude());
            ps.setBoolean(6, device.enabled());
            ps.setString(7, credentialHash);
            ps.executeUpdate();
        }
    }

    /** The stored credential hash of an enabled device; empty for unknown or disabled devices. */
    public Optional<String> credentialHashOfEnabled(String deviceId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT credential_hash FROM devices WHERE id = ? AND enabled")) {
            ps.setString(1, deviceId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    public void markSeen(String deviceId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE devices SET last_seen = now() WHERE id = ?")) {
            ps.setString(1, deviceId);
            ps.executeUpdate();
        }
    }

    private static void setDouble(PreparedStatement ps, int index, Double value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.DOUBLE);
        } else {
            ps.setDouble(index, value);
        }
    }
}
