package no.varde.simulator.bench;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One connection's schedule and messages: how many are due now, which device is next, and its
 * SenML payload. Owned by one connection's publisher; not thread-safe.
 */
final class BenchSchedule {
    private final BenchSettings.Connection identity;
    private final double rate;
    private final long startNanos;
    private final StringBuilder text = new StringBuilder(64);
    private long sent;
    private long lastMicros;
    private int nextDevice;

    /** @param rate messages per second on this connection; 0 or less: everything the window allows is due */
    BenchSchedule(BenchSettings.Connection identity, double rate, long startNanos) {
        this.identity = identity;
        this.rate = rate;
        this.startNanos = startNanos;
    }

    /**
     * How many messages are due at {@code nowNanos} and not yet sent. When the window has held the
     * connection back by more than a second's worth, the schedule moves on and the skipped messages
     * are added to {@code behind}: a burst to catch up would measure the burst, not the rate.
     */
    long due(long nowNanos, AtomicLong behind) {
        if (rate <= 0) {
            return Long.MAX_VALUE;
        }
        long backlog = (long) ((nowNanos - startNanos) / 1e9 * rate) - sent;
        long limit = (long) Math.max(1, rate);
        if (backlog > limit) {
            sent += backlog - limit;
            behind.addAndGet(backlog - limit);
            backlog = limit;
        }
        return backlog;
    }

    /** The topic of the next message: its device's, through the gateway when the connection is one. */
    String nextTopic() {
        String device = identity.devices().get(nextDevice);
        nextDevice = (nextDevice + 1) % identity.devices().size();
        return identity.topic(device);
    }

    /**
     * The next message's payload, counted as sent: one NO2 reading stamped with the current
     * microsecond. Each reading gets a microsecond of its own on this connection, so no two share
     * (device, metric, time), which the platform would drop as resent.
     */
    byte[] nextPayload(long epochMillis) {
        long micros = Math.max(epochMillis * 1000, lastMicros + 1);
        lastMicros = micros;
        // Built by hand: String.format was a tenth of the generator's samples in a JFR profile.
        text.setLength(0);
        text.append("[{\"n\":\"air.no2\",\"v\":").append(20 + sent % 30).append('.').append(sent % 10)
                .append(",\"t\":").append(micros / 1_000_000).append('.');
        long fraction = micros % 1_000_000;
        for (long place = 100_000; place > 1 && fraction < place; place /= 10) {
            text.append('0');
        }
        text.append(fraction).append("}]");
        sent++;
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
