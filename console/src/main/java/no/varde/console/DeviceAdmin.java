package no.varde.console;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import no.varde.alerting.AlertingException;
import no.varde.storage.Device;
import no.varde.storage.DeviceRegistryService;
import no.varde.storage.DeviceRepository;
import no.varde.storage.RegisteredDevice;
import no.varde.storage.TokenHasher;

/**
 * What a person with the admin role may change in the device registry from the console (add a
 * device, disable or enable it, issue a new token), each recorded in {@code admin_events} under
 * the person's name. A new token is returned once, to be shown once; it is never stored or logged
 * in clear.
 */
final class DeviceAdmin {
    /** One change in the registry's audit trail. */
    record Event(Instant at, String actor, String action, String deviceId, String details) {
    }

    private final DataSource db;
    private final DeviceRegistryService registry;

    DeviceAdmin(DataSource db) {
        this.db = db;
        this.registry = new DeviceRegistryService(new DeviceRepository(db), new TokenHasher());
    }

    Optional<RegisteredDevice> find(String id) throws SQLException {
        return registry.find(id);
    }

    /** @return the device and its token (null for a sensor behind a gateway) */
    DeviceRegistryService.Issued create(Person by, Device device) throws SQLException {
        DeviceRegistryService.Issued issued;
        try {
            issued = registry.create(device);
        } catch (IllegalArgumentException | IllegalStateException refused) {
            throw AlertingException.conflict(refused.getMessage());
        }
        audit(by, "device_created", device.id(), Map.of("kind", device.kind().id(), "zone", String.valueOf(device.zone())));
        return issued;
    }

    RegisteredDevice setEnabled(Person by, String id, boolean enabled) throws SQLException {
        RegisteredDevice d = registry.setEnabled(id, enabled).orElseThrow(() -> AlertingException.notFound("no device " + id));
        audit(by, enabled ? "device_enabled" : "device_disabled", id, Map.of());
        return d;
    }

    /** A new token; the old ones keep working for {@code grace}, so the device can be re-keyed without a gap. */
    DeviceRegistryService.Issued rotate(Person by, String id, Duration grace) throws SQLException {
        DeviceRegistryService.Issued issued = registry.rotate(id, grace).orElseThrow(() -> AlertingException.notFound("no device " + id));
        audit(by, "token_rotated", id, Map.of("old_tokens_valid_for", grace.toString()));
        return issued;
    }

    List<Event> history(String deviceId, int limit) throws SQLException {
        List<Event> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT at, actor, action, device_id, details::text FROM admin_events WHERE device_id = ? ORDER BY at DESC, id DESC LIMIT ?")) {
            s.setString(1, deviceId);
            s.setInt(2, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Event(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
                }
            }
        }
        return out;
    }

    private void audit(Person by, String action, String deviceId, Map<String, String> details) throws SQLException {
        io.vertx.core.json.JsonObject d = new io.vertx.core.json.JsonObject();
        details.forEach(d::put);
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO admin_events (actor, action, device_id, details) VALUES (?, ?, ?, ?::jsonb)")) {
            s.setString(1, by.actor());
            s.setString(2, action);
            s.setString(3, deviceId);
            s.setString(4, d.encode());
            s.executeUpdate();
        }
    }
}
