package no.varde.alerting.residents;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;

/**
 * Links in messages that act without a login: acknowledge an alert (for the recipient it was sent
 * to, until it expires) and unsubscribe from resident warnings. The signature is an HMAC over what
 * the link may do, so changing the alert, the recipient or the expiry breaks it.
 */
public final class SignedLinks {
    private final byte[] key;
    private final java.util.function.Supplier<String> publicUrl;

    /** @param publicUrl the base URL, asked at each use (a server on port 0 knows its port only once it listens) */
    public SignedLinks(Secrets secrets, java.util.function.Supplier<String> publicUrl) {
        this.key = secrets.derive("varde/links");
        this.publicUrl = publicUrl;
    }

    public String acknowledgeUrl(long alertId, String recipient, Instant expires) {
        long exp = expires.getEpochSecond();
        return publicUrl.get() + "/alerts/" + alertId + "/ack?by=" + java.net.URLEncoder.encode(recipient, StandardCharsets.UTF_8)
                + "&exp=" + exp + "&sig=" + sign("ack", Long.toString(alertId), recipient, Long.toString(exp));
    }

    public boolean acknowledgeValid(long alertId, String recipient, long exp, String sig, Instant now) {
        return sig != null && recipient != null && now.getEpochSecond() <= exp
                && same(sig, sign("ack", Long.toString(alertId), recipient, Long.toString(exp)));
    }

    public String unsubscribeUrl(UUID subscription) {
        return publicUrl.get() + "/residents/unsubscribe?id=" + subscription + "&sig=" + sign("unsubscribe", subscription.toString());
    }

    public boolean unsubscribeValid(UUID subscription, String sig) {
        return sig != null && same(sig, sign("unsubscribe", subscription.toString()));
    }

    private String sign(String... parts) {
        byte[] mac = Secrets.hmac(key, String.join("\n", parts).getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(mac, 18));
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }
}
