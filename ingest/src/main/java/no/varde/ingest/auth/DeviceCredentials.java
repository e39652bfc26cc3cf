package no.varde.ingest.auth;

import io.vertx.mqtt.MqttAuth;
import java.util.Objects;
import no.varde.ingest.IngestException;
import no.varde.ingest.IngestStatus;

/**
 * What a device claims to be: its id and token, as taken from a protocol's connect step.
 * Extracting is kept apart from verifying ({@link DeviceAuthenticator}) so every protocol
 * adapter shares the verification. {@link #toString()} never shows the token.
 */
public record DeviceCredentials(String deviceId, String token) {
    public DeviceCredentials {
        Objects.requireNonNull(deviceId);
        Objects.requireNonNull(token);
    }

    /** MQTT CONNECT: username is the device id, password the device token. */
    public static DeviceCredentials fromMqtt(MqttAuth auth) {
        if (auth == null || auth.getUsername() == null || auth.getUsername().isBlank()
                || auth.getPassword() == null || auth.getPassword().isEmpty()) {
            throw new IngestException(IngestStatus.BAD_CREDENTIALS, "username (device id) and password (token) are required");
        }
        return new DeviceCredentials(auth.getUsername(), auth.getPassword());
    }

    @Override
    public String toString() {
        return "DeviceCredentials[deviceId=" + deviceId + ", token=***]";
    }
}
