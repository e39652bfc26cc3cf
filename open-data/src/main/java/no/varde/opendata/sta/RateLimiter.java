package no.varde.opendata.sta;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Requests per client address as a token bucket: {@code perMinute} tokens a minute, up to a
 * burst of the same, so a browser opening a dashboard is never held back but a scraper looping
 * on the API is slowed to the rate. Idle buckets are dropped once many addresses have been seen.
 */
public final class RateLimiter {
    private static final int FORGET_ABOVE = 10_000;

    private final double perNano;
    private final double burst;
    private final LongSupplier nanos;
    private final Map<String, double[]> buckets = new ConcurrentHashMap<>();

    public RateLimiter(int perMinute) {
        this(perMinute, System::nanoTime);
    }

    RateLimiter(int perMinute, LongSupplier nanos) {
        this.perNano = perMinute / 60e9;
        this.burst = perMinute;
        this.nanos = nanos;
    }

    /** 0 if {@code client} may make a request now (and counts it), else the seconds until it may. */
    public long secondsToWait(String client) {
        long now = nanos.getAsLong();
        if (buckets.size() > FORGET_ABOVE) {
            buckets.values().removeIf(b -> b[0] + (now - (long) b[1]) * perNano >= burst);
        }
        double[] bucket = buckets.computeIfAbsent(client, c -> new double[] {burst, now});
        synchronized (bucket) {
            double tokens = Math.min(burst, bucket[0] + (now - (long) bucket[1]) * perNano);
            bucket[1] = now;
            if (tokens >= 1) {
                bucket[0] = tokens - 1;
                return 0;
            }
            bucket[0] = tokens;
            return (long) Math.ceil((1 - tokens) / perNano / 1e9);
        }
    }
}
