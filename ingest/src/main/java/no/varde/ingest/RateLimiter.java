package no.varde.ingest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per device: {@code ratePerSecond} messages on average, bursts of up to
 * {@code burst}. Shared by every protocol adapter, so MQTT and HTTP draw from the same bucket.
 * A rate of 0 switches limiting off (load tests).
 */
public final class RateLimiter {
    private static final long IDLE_NANOS = 10L * 60 * 1_000_000_000L;

    private static final class Bucket {
        double tokens;
        long refilledAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }
    }

    private final double ratePerSecond;
    private final double burst;
    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(double ratePerSecond, double burst) {
        this(ratePerSecond, burst, System::nanoTime);
    }

    RateLimiter(double ratePerSecond, double burst, LongSupplier nanoClock) {
        this.ratePerSecond = ratePerSecond;
        this.burst = Math.max(1, burst);
        this.nanoClock = nanoClock;
    }

    /** Takes one token for {@code key}; false when the bucket is empty. */
    public boolean tryAcquire(String key) {
        if (ratePerSecond <= 0) {
            return true;
        }
        long now = nanoClock.getAsLong();
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
        synchronized (bucket) {
            double elapsed = (now - bucket.refilledAt) / 1e9;
            bucket.tokens = Math.min(burst, bucket.tokens + elapsed * ratePerSecond);
            bucket.refilledAt = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return true;
            }
            return false;
        }
    }

    /** Forgets buckets of devices that have been quiet for a while (they would be full anyway). */
    public void evictIdle() {
        long now = nanoClock.getAsLong();
        buckets.entrySet().removeIf(e -> now - e.getValue().refilledAt > IDLE_NANOS);
    }

    int trackedKeys() {
        return buckets.size();
    }
}
