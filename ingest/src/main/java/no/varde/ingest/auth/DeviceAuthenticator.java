package no.varde.ingest.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import no.varde.ingest.IngestException;
import no.varde.ingest.IngestStatus;
import no.varde.storage.DeviceRepository;
import no.varde.storage.TokenHasher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies device credentials against the stored salted hash. The database look-up and the
 * deliberately slow hash run on a worker thread, never on the event loop.
 */
public final class DeviceAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceAuthenticator.class);

    private final Vertx vertx;
    private final DeviceRepository devices;
    private final TokenHasher hasher;

    public DeviceAuthenticator(Vertx vertx, DeviceRepository devices, TokenHasher hasher) {
        this.vertx = vertx;
        this.devices = devices;
        this.hasher = hasher;
    }

    /** Completes with the authenticated device id, or fails with {@link IngestStatus#BAD_CREDENTIALS}. */
    public Future<String> authenticate(DeviceCredentials credentials) {
        return vertx.executeBlocking(() -> {
            String hash;
            try {
                hash = devices.credentialHashOfEnabled(credentials.deviceId()).orElse(null);
            } catch (Exception e) {
                LOG.warn("Device registry unavailable while authenticating {}: {}", credentials.deviceId(), e.getMessage());
                throw new IngestException(IngestStatus.UNAVAILABLE, "device registry unavailable", e);
            }
            if (hash == null || !hasher.matches(credentials.token(), hash)) {
                throw new IngestException(IngestStatus.BAD_CREDENTIALS, "unknown device or wrong token");
            }
            return credentials.deviceId();
        }, false);
    }
}
