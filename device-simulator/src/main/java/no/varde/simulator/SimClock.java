package no.varde.simulator;

import java.time.Duration;
import java.time.Instant;

/**
 * Simulated time: starts at {@code start} and runs {@code speed} times faster than the wall
 * clock. At speed 1 it is the real time; at speed 60 an hour passes in a minute.
 */
public final class SimClock {
    private final Instant start;
    private final double speed;
    private final long wallStartNanos;

    public SimClock(Instant start, double speed) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be above 0");
        }
        this.start = start;
        this.speed = speed;
        this.wallStartNanos = System.nanoTime();
    }

    public Instant start() {
        return start;
    }

    public double speed() {
        return speed;
    }

    public Instant now() {
        return start.plusNanos((long) ((System.nanoTime() - wallStartNanos) * speed));
    }

    /** Wall-clock nanoseconds (System.nanoTime) at which simulated {@code t} is reached. */
    public long wallNanosAt(Instant t) {
        return wallStartNanos + (long) (Duration.between(start, t).toNanos() / speed);
    }

    /**
     * Where an accelerated run must start so that simulated time reaches the wall clock's present
     * just as the run ends: readings are never from the future, which ingest refuses.
     */
    public static Instant startForAcceleratedRun(Instant now, Duration wallDuration, double speed) {
        return now.minusMillis((long) (wallDuration.toMillis() * (speed - 1)));
    }
}
