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

    /** HTTP Basic authentication: user = device id, password = device token. */
    public static DeviceCredentials fromBasicAuth(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw new IngestException(IngestStatus.BAD_CREDENTIALS, "HTTP Basic authentication (device id and token) is required");
        }
        String decoded;
        try {
            decoded = new String(java.util.Base64.getDecoder().decode(authorization.substring(6).trim()),
                    java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IngestException(IngestStatus.BAD_CREDENTIALS, "malformed Basic authorization header");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0 || colon == decoded.length() - 1) {
            throw new IngestException(IngestStatus.BAD_CREDENTIALS, "username (device id) and password (token) are required");
        }
        return new DeviceCredentials(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    /** The device id a Basic header claims, for audit records; null when there is none. */
    public static String claimedIdFromBasicAuth(String authorization) {
        try {
            return fromBasicAuth(authorization).deviceId();
        } catch (IngestException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "DeviceCredentials[deviceId=" + deviceId + ", token=***]";
    }
}
