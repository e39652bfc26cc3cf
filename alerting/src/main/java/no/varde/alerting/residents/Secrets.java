package no.varde.alerting.residents;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Alerting's one secret (VARDE_ALERTING_SECRET) and the separate keys derived from it, so a key
 * that leaks through one use (say, a link signature) says nothing about another (the sealed
 * addresses). HMAC-SHA256 as the derivation function, with a label per use.
 */
public final class Secrets {
    private final byte[] master;

    public Secrets(String secret) {
        if (secret == null || secret.length() < 32) {
            throw new IllegalArgumentException("the alerting secret must be at least 32 characters (VARDE_ALERTING_SECRET)");
        }
        this.master = secret.getBytes(StandardCharsets.UTF_8);
    }

    public byte[] derive(String label) {
        return hmac(master, label.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
