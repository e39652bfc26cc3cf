package no.varde.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import no.varde.model.DeviceKind;

/** Reads and writes {@code devices} and {@code device_credentials}. Blocking JDBC: call it off event loops. */
public final class DeviceRepository {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "d.id, d.kind, d.zone, d.latitude, d.longitude, d.enabled, d.model, d.gateway_id, "
            + "d.metadata::text, d.created_at, d.last_seen, "
            + "(SELECT count(*) FROM device_credentials c WHERE c.device_id = d.id AND (c.expires_at IS NULL OR c.expires_at > now()))";

    private final DataSource dataSource;

    public DeviceRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Registers a device or replaces its details, and makes {@code credentialHash} its only credential;
     * a null hash leaves it with none (a sensor that only ever reports through its gateway).
     */
    public void upsert(Device device, String credentialHash) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                write(c, device, true);
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM device_credentials WHERE device_id = ?")) {
                    ps.setString(1, device.id());
                    ps.executeUpdate();
                }
                if (credentialHash != null) {
                    insertCredential(c, device.id(), credentialHash);
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** A device to register with its only credential (null: none). */
    public record Registration(Device device, String credentialHash) {
    }

    /**
     * {@link #upsert} for many devices at once: one transaction and three batched statements per
     * thousand, instead of a transaction (and its commit's flush to disk) per device, which made
     * registering 10,000 devices take over two minutes. In the given order: gateways before the
     * sensors that name them.
     */
    public void upsertAll(List<Registration> registrations) throws SQLException {
        for (int from = 0; from < registrations.size(); from += 1_000) {
            List<Registration> chunk = registrations.subList(from, Math.min(registrations.size(), from + 1_000));
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement devices = c.prepareStatement(upsertSql(true));
                     PreparedStatement clear = c.prepareStatement("DELETE FROM device_credentials WHERE device_id = ?");
                     PreparedStatement credentials = c.prepareStatement("INSERT INTO device_credentials (device_id, secret_hash) VALUES (?, ?)")) {
                    for (Registration r : chunk) {
                        bind(devices, r.device());
                        devices.addBatch();
                        clear.setString(1, r.device().id());
                        clear.addBatch();
                        if (r.credentialHash() != null) {
                            credentials.setString(1, r.device().id());
                            credentials.setString(2, r.credentialHash());
                            credentials.addBatch();
                        }
                    }
                    devices.executeBatch();
                    clear.executeBatch();
                    credentials.executeBatch();
                    c.commit();
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                }
            }
        }
    }

    /** Adds a new device with its first credential (none when null); false (and nothing written) when the id is taken. */
    public boolean create(Device device, String credentialHash) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!write(c, device, false)) {
                    c.rollback();
                    return false;
                }
                if (credentialHash != null) {
                    insertCredential(c, device.id(), credentialHash);
                }
                c.commit();
                return true;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static boolean write(Connection c, Device device, boolean replace) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(upsertSql(replace))) {
            bind(ps, device);
            return ps.executeUpdate() == 1;
        }
    }

    private static String upsertSql(boolean replace) {
        return "INSERT INTO devices (id, kind, zone, latitude, longitude, enabled, model, gateway_id, metadata) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb) ON CONFLICT (id) DO "
                + (replace ? "UPDATE SET kind = EXCLUDED.kind, zone = EXCLUDED.zone, latitude = EXCLUDED.latitude, "
                        + "longitude = EXCLUDED.longitude, enabled = EXCLUDED.enabled, model = EXCLUDED.model, "
                        + "gateway_id = EXCLUDED.gateway_id, metadata = EXCLUDED.metadata" : "NOTHING");
    }

    private static void bind(PreparedStatement ps, Device device) throws SQLException {
        ps.setString(1, device.id());
        ps.setString(2, device.kind().id());
        ps.setString(3, device.zone());
        setDouble(ps, 4, device.latitude());
        setDouble(ps, 5, device.longitude());
        ps.setBoolean(6, device.enabled());
        ps.setString(7, device.model());
        ps.setString(8, device.gatewayId());
        ps.setString(9, toJson(device.metadata()));
    }

    /** Adds a credential to an existing device and returns its id. */
    public long addCredential(String deviceId, String credentialHash) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return insertCredential(c, deviceId, credentialHash);
        }
    }

    private static long insertCredential(Connection c, String deviceId, String hash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO device_credentials (device_id, secret_hash) VALUES (?, ?) RETURNING id")) {
            ps.setString(1, deviceId);
            ps.setString(2, hash);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Lets every credential of the device except {@code keepId} expire at {@code at} (a grace period for rotation). */
    public int expireOtherCredentials(String deviceId, long keepId, Instant at) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE device_credentials SET expires_at = ? WHERE device_id = ? AND id <> ? "
                        + "AND (expires_at IS NULL OR expires_at > ?)")) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setString(2, deviceId);
            ps.setLong(3, keepId);
            ps.setTimestamp(4, Timestamp.from(at));
            return ps.executeUpdate();
        }
    }

    /** The unexpired credentials of an enabled device; empty for unknown or disabled devices. */
    public List<StoredCredential> activeCredentials(String deviceId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT c.id, c.secret_hash FROM device_credentials c JOIN devices d ON d.id = c.device_id "
                        + "WHERE d.id = ? AND d.enabled AND (c.expires_at IS NULL OR c.expires_at > now()) ORDER BY c.id DESC")) {
            ps.setString(1, deviceId);
            List<StoredCredential> credentials = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    credentials.add(new StoredCredential(rs.getLong(1), rs.getString(2)));
                }
            }
            return credentials;
        }
    }

    public Optional<RegisteredDevice> find(String deviceId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM devices d WHERE d.id = ?")) {
            ps.setString(1, deviceId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    public List<RegisteredDevice> list(int limit, int offset) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM devices d ORDER BY d.id LIMIT ? OFFSET ?")) {
            ps.setInt(1, limit);
            ps.setInt(2, offset);
            List<RegisteredDevice> devices = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    devices.add(read(rs));
                }
            }
            return devices;
        }
    }

    /** @return false when no such device */
    public boolean setEnabled(String deviceId, boolean enabled) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE devices SET enabled = ? WHERE id = ?")) {
            ps.setBoolean(1, enabled);
            ps.setString(2, deviceId);
            return ps.executeUpdate() == 1;
        }
    }

    /** The enabled devices assigned to {@code gatewayId}. */
    public java.util.Set<String> devicesBehind(String gatewayId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id FROM devices WHERE gateway_id = ? AND enabled")) {
            ps.setString(1, gatewayId);
            java.util.Set<String> ids = new java.util.HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        }
    }

    /** The gateway a device is assigned to, if the device exists and has one. */
    public Optional<String> gatewayOf(String deviceId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT gateway_id FROM devices WHERE id = ? AND enabled")) {
            ps.setString(1, deviceId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /**
     * The enabled device registered with this LoRaWAN DevEUI (metadata {@code dev_eui}, any case).
     * ({@code ??} is pgjdbc's escape for the jsonb {@code ?} operator; it matches the partial index.)
     */
    public Optional<Device> findByDevEui(String devEui) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM devices d WHERE lower(d.metadata ->> 'dev_eui') = lower(?) AND d.metadata ?? 'dev_eui' AND d.enabled")) {
            ps.setString(1, devEui);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs).device()) : Optional.empty();
            }
        }
    }

    /** The radio reports of the same database's LoRaWAN devices. */
    public DeviceRadioRepository radio() {
        return new DeviceRadioRepository(dataSource);
    }

    public void markSeen(String deviceId, Instant at) throws SQLException {
        markSeen(Map.of(deviceId, at));
    }

    /**
     * Sets {@code last_seen} of many devices in one statement and one transaction (never moving one
     * back). One UPDATE per device, as ingest used to send, was 10,000 commits in the same second
     * once a minute with 10,000 devices, each on a pooled connection of its own: a PUBACK stall of
     * up to a second (docs/capacity.md).
     */
    public void markSeen(Map<String, Instant> seen) throws SQLException {
        if (seen.isEmpty()) {
            return;
        }
        String[] ids = new String[seen.size()];
        Timestamp[] times = new Timestamp[seen.size()];
        int i = 0;
        for (Map.Entry<String, Instant> e : seen.entrySet()) {
            ids[i] = e.getKey();
            times[i++] = Timestamp.from(e.getValue());
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE devices d SET last_seen = v.at FROM unnest(?::text[], ?::timestamptz[]) AS v(id, at) "
                        + "WHERE d.id = v.id AND (d.last_seen IS NULL OR d.last_seen < v.at)")) {
            ps.setArray(1, c.createArrayOf("text", ids));
            ps.setArray(2, c.createArrayOf("timestamptz", times));
            ps.executeUpdate();
        }
    }

    private static RegisteredDevice read(ResultSet rs) throws SQLException {
        Device device = new Device(rs.getString(1), DeviceKind.fromId(rs.getString(2)), rs.getString(3),
                (Double) rs.getObject(4), (Double) rs.getObject(5), rs.getBoolean(6), rs.getString(7), rs.getString(8),
                fromJson(rs.getString(9)));
        Timestamp created = rs.getTimestamp(10);
        Timestamp seen = rs.getTimestamp(11);
        return new RegisteredDevice(device, created == null ? null : created.toInstant(),
                seen == null ? null : seen.toInstant(), rs.getInt(12));
    }

    private static String toJson(Map<String, String> metadata) {
        try {
            return JSON.writeValueAsString(metadata);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("metadata cannot be written as JSON", e);
        }
    }

    private static Map<String, String> fromJson(String json) throws SQLException {
        try {
            return json == null ? Map.of() : JSON.readValue(json, new TypeReference<Map<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new SQLException("devices.metadata is not a flat JSON object of strings", e);
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
