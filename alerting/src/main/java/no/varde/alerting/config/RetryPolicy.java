package no.varde.alerting.config;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a channel retries a failed delivery: exponential backoff from {@code initial} doubling up
 * to {@code max}, with ±20 % jitter so retries of many notifications do not arrive together;
 * given up (status failed, an audit event) after {@code maxAttempts} or once {@code giveUpAfter}
 * has passed since the notification was written.
 */
public record RetryPolicy(int maxAttempts, Duration initial, Duration max, Duration giveUpAfter) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(12, Duration.ofSeconds(2), Duration.ofMinutes(10), Duration.ofHours(6));

    static RetryPolicy from(ConfigNode node) {
        RetryPolicy p = new RetryPolicy(node.get("max_attempts").integer(DEFAULT.maxAttempts), node.get("initial").duration(DEFAULT.initial),
                node.get("max").duration(DEFAULT.max), node.get("give_up_after").duration(DEFAULT.giveUpAfter));
        if (p.maxAttempts < 1 || p.initial.isZero() || p.max.compareTo(p.initial) < 0) {
            throw node.error("max_attempts must be at least 1 and 0 < initial <= max");
        }
        return p;
    }

    /** The wait before attempt {@code attempt + 1}, after {@code attempt} failures (1-based). */
    public Duration backoff(int attempt) {
        double base = initial.toMillis() * Math.pow(2, Math.min(30, Math.max(0, attempt - 1)));
        double capped = Math.min(base, max.toMillis());
        return Duration.ofMillis((long) (capped * ThreadLocalRandom.current().nextDouble(0.8, 1.2)));
    }
}
