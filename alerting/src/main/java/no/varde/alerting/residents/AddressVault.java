package no.varde.alerting.residents;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keeps residents' phone numbers and e-mail addresses out of the database in clear: sealed with
 * AES-256-GCM (a fresh nonce each time) and found again by a keyed digest, so a database dump or
 * backup alone does not reveal who subscribed. Both keys derive from the alerting secret.
 */
public final class AddressVault {
    private static final int NONCE_BYTES = 12;
    private final SecretKeySpec sealKey;
    private final byte[] digestKey;
    private final SecureRandom random = new SecureRandom();

    public AddressVault(Secrets secrets) {
        this.sealKey = new SecretKeySpec(secrets.derive("varde/address-seal"), "AES");
        this.digestKey = secrets.derive("varde/address-digest");
    }

    public byte[] seal(String address) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, sealKey, new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(address.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal an address", e);
        }
    }

    public String open(byte[] sealed) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, sealKey, new GCMParameterSpec(128, sealed, 0, NONCE_BYTES));
            return new String(cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a sealed address does not open with this secret (was VARDE_ALERTING_SECRET changed?)");
        }
    }

    /** The same normalised address always gives the same digest; without the key it cannot be checked against a list of numbers. */
    public byte[] digest(String channel, String normalisedAddress) {
        return Secrets.hmac(digestKey, (channel + ":" + normalisedAddress).getBytes(StandardCharsets.UTF_8));
    }
}
