package no.varde.model.validation;

import java.time.Duration;

/**
 * Limits on what a device may send: how far in the future a timestamp may lie (clock skew) and
 * how old a reading may be (store-and-forward after an outage is fine, a decade-old clock is not).
 */
public record ValidationPolicy(Duration maxFutureSkew, Duration maxAge) {
    public static ValidationPolicy defaults() {
        return new ValidationPolicy(Duration.ofMinutes(5), Duration.ofDays(7));
    }
}
