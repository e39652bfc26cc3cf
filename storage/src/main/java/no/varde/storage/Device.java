package no.varde.storage;

import java.util.Map;
import java.util.Objects;
import no.varde.model.DeviceKind;

/**
 * A registered device as Varde knows it (never with a token).
 *
 * @param gatewayId the gateway allowed to publish for this device, if any
 * @param model     the sensor model, free text (e.g. "Kamstrup flowIQ 2200")
 * @param metadata  free key/value facts (installation, owner department, ...)
 */
public record Device(String id, DeviceKind kind, String zone, Double latitude, Double longitude, boolean enabled,
                     String model, String gatewayId, Map<String, String> metadata) {
    public Device {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public static Device of(String id, DeviceKind kind, String zone) {
        return new Device(id, kind, zone, null, null, true, null, null, Map.of());
    }

    public Device withLocation(Double lat, Double lon) {
        return new Device(id, kind, zone, lat, lon, enabled, model, gatewayId, metadata);
    }

    public Device withEnabled(boolean on) {
        return new Device(id, kind, zone, latitude, longitude, on, model, gatewayId, metadata);
    }

    public Device withGateway(String gateway) {
        return new Device(id, kind, zone, latitude, longitude, enabled, model, gateway, metadata);
    }

    public Device withModel(String sensorModel, Map<String, String> facts) {
        return new Device(id, kind, zone, latitude, longitude, enabled, sensorModel, gatewayId, facts);
    }
}
