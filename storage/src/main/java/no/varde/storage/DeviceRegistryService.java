package no.varde.storage;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import no.varde.model.DeviceKind;

/**
 * Device provisioning: add, list, enable/disable, rotate tokens, import from CSV. A new token is
 * returned exactly once, to the caller; only its salted hash is stored. Blocking: call it from a
 * worker thread. Used by ingest's admin API (machines, with the admin token) and the console
 * (people with the admin role).
 */
public final class DeviceRegistryService {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final String CSV_HEADER = "id,kind,zone,latitude,longitude,model,gateway";

    /** A device and the one copy of its new token. */
    public record Issued(RegisteredDevice device, String token) {
    }

    public record ImportResult(List<Issued> created, List<String> errors) {
    }

    private final DeviceRepository devices;
    private final TokenHasher hasher;

    public DeviceRegistryService(DeviceRepository devices, TokenHasher hasher) {
        this.devices = devices;
        this.hasher = hasher;
    }

    /**
     * Registers a device with a fresh token, shown once. A sensor assigned to a gateway gets none:
     * it never connects itself, and a secret nobody uses is only a liability.
     *
     * @throws IllegalArgumentException for an invalid device, IllegalStateException when the id is taken
     */
    public Issued create(Device device) throws SQLException {
        validate(device);
        String token = device.gatewayId() == null ? TokenHasher.newToken() : null;
        if (!devices.create(device, token == null ? null : hasher.hash(token))) {
            throw new IllegalStateException("device " + device.id() + " already exists");
        }
        return new Issued(devices.find(device.id()).orElseThrow(), token);
    }

    /**
     * A new token for the device; the old ones keep working for {@code grace} (zero: stop at once),
     * so a fleet can be re-keyed without downtime.
     */
    public Optional<Issued> rotate(String deviceId, Duration grace) throws SQLException {
        if (devices.find(deviceId).isEmpty()) {
            return Optional.empty();
        }
        String token = TokenHasher.newToken();
        long id = devices.addCredential(deviceId, hasher.hash(token));
        devices.expireOtherCredentials(deviceId, id, Instant.now().plus(grace));
        return Optional.of(new Issued(devices.find(deviceId).orElseThrow(), token));
    }

    public Optional<RegisteredDevice> setEnabled(String deviceId, boolean enabled) throws SQLException {
        return devices.setEnabled(deviceId, enabled) ? devices.find(deviceId) : Optional.empty();
    }

    public Optional<RegisteredDevice> find(String deviceId) throws SQLException {
        return devices.find(deviceId);
    }

    public List<RegisteredDevice> list(int limit, int offset) throws SQLException {
        return devices.list(Math.max(1, Math.min(limit, 1000)), Math.max(0, offset));
    }

    /** Creates every device listed as {@code id,kind,zone,latitude,longitude,model,gateway}; bad lines are reported, not fatal. */
    public ImportResult importCsv(String csv) throws SQLException {
        List<Issued> created = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        String[] lines = csv.split("\r?\n");
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty() || line.startsWith("#") || (n == 0 && line.equalsIgnoreCase(CSV_HEADER))) {
                continue;
            }
            try {
                created.add(create(parseLine(line)));
            } catch (IllegalArgumentException | IllegalStateException e) {
                errors.add("line " + (n + 1) + ": " + e.getMessage());
            }
        }
        return new ImportResult(created, errors);
    }

    static Device parseLine(String line) {
        String[] f = line.split(",", -1);
        if (f.length < 2 || f.length > 7) {
            throw new IllegalArgumentException("expected " + CSV_HEADER);
        }
        Device device = Device.of(f[0].strip(), DeviceKind.fromId(f[1]), field(f, 2));
        String lat = field(f, 3);
        String lon = field(f, 4);
        if (lat != null || lon != null) {
            try {
                device = device.withLocation(lat == null ? null : Double.valueOf(lat), lon == null ? null : Double.valueOf(lon));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("latitude and longitude must be numbers");
            }
        }
        return device.withModel(field(f, 5), Map.of()).withGateway(field(f, 6));
    }

    private static String field(String[] f, int i) {
        return i < f.length && !f[i].isBlank() ? f[i].strip() : null;
    }

    static void validate(Device device) {
        if (!ID.matcher(device.id()).matches()) {
            throw new IllegalArgumentException("device id must be 1-64 letters, digits, '.', '_' or '-' and start with a letter or digit");
        }
        if (device.latitude() != null && (device.latitude() < -90 || device.latitude() > 90)
                || device.longitude() != null && (device.longitude() < -180 || device.longitude() > 180)) {
            throw new IllegalArgumentException("latitude must be within [-90, 90] and longitude within [-180, 180]");
        }
        if (device.kind() == DeviceKind.GATEWAY && device.gatewayId() != null) {
            throw new IllegalArgumentException("a gateway cannot itself be assigned to a gateway");
        }
    }
}
