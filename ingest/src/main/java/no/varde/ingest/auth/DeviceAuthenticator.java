package no.varde.ingest.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import no.varde.ingest.IngestException;
import no.varde.ingest.IngestStatus;
import no.varde.storage.DeviceRepository;
import no.varde.storage.StoredCredential;
import no.varde.storage.TokenHasher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies device credentials against the stored salted hashes. The database look-up and the
 * deliberately slow hash run on a worker thread, never on the event loop.
 *
 * <p>A reconnect storm (a network blip drops thousands of devices at once) would otherwise cost
 * one slow hash per device. So a successful verification is remembered for a while as an HMAC of
 * the token under a key that lives only in this process; the registry is still asked on every
 * connect, so disabling a device or expiring a credential takes effect at once.
 */
public final class DeviceAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceAuthenticator.class);
    private static final Duration REMEMBER = Duration.ofMinutes(15);

    private record Proof(long credentialId, String storedHash, byte[] tokenMac, long validUntilNanos) {
    }

    private final Vertx vertx;
    private final DeviceRepository devices;
    private final TokenHasher hasher;
    private final SecretKeySpec macKey;
    private final Map<String, Proof> proofs = new ConcurrentHashMap<>();

    public DeviceAuthenticator(Vertx vertx, DeviceRepository devices, TokenHasher hasher) {
        this.vertx = vertx;
        this.devices = devices;
        this.hasher = hasher;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.macKey = new SecretKeySpec(key, "HmacSHA256");
    }

    /** Completes with the authenticated device id, or fails with {@link IngestStatus#BAD_CREDENTIALS}. */
    public Future<String> authenticate(DeviceCredentials credentials) {
        return vertx.executeBlocking(() -> verify(credentials), false);
    }

    /** The blocking verification, for callers already on a worker thread. */
    public String verify(DeviceCredentials credentials) {
        List<StoredCredential> active;
        try {
            active = devices.activeCredentials(credentials.deviceId());
        } catch (Exception e) {
            LOG.warn("Device registry unavailable while authenticating {}: {}", credentials.deviceId(), e.getMessage());
            throw new IngestException(IngestStatus.UNAVAILABLE, "device registry unavailable", e);
        }
        byte[] mac = mac(credentials.token());
        Proof proof = proofs.get(credentials.deviceId());
        if (proof != null && System.nanoTime() < proof.validUntilNanos() && MessageDigest.isEqual(proof.tokenMac(), mac)
                && active.contains(new StoredCredential(proof.credentialId(), proof.storedHash()))) {
            return credentials.deviceId();
        }
        for (StoredCredential credential : active) {
            if (hasher.matches(credentials.token(), credential.secretHash())) {
                proofs.put(credentials.deviceId(), new Proof(credential.id(), credential.secretHash(), mac,
                        System.nanoTime() + REMEMBER.toNanos()));
                return credentials.deviceId();
            }
        }
        proofs.remove(credentials.deviceId());
        throw new IngestException(IngestStatus.BAD_CREDENTIALS, "unknown device or wrong token");
    }

    /**
     * A device that presented a client certificate the TLS listener verified against the
     * configured CA: its subject CN is the device id, which must be registered and enabled.
     */
    public Future<String> authenticateCertificate(String commonName) {
        return vertx.executeBlocking(() -> {
            boolean enabled;
            try {
                enabled = devices.find(commonName).map(d -> d.device().enabled()).orElse(false);
            } catch (Exception e) {
                throw new IngestException(IngestStatus.UNAVAILABLE, "device registry unavailable", e);
            }
            if (!enabled) {
                throw new IngestException(IngestStatus.BAD_CREDENTIALS, "certificate of an unknown or disabled device");
            }
            return commonName;
        }, false);
    }

    private byte[] mac(String token) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(macKey);
            return hmac.doFinal(token.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
