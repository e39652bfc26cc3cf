package no.varde.streamjobs.rollup;

import java.io.Serializable;
import java.time.Instant;

/**
 * The summary of one series (device, metric) over one time bucket. Two rollups of adjacent or
 * overlapping data combine with {@link #merge}, which is how hours are built from minutes.
 */
public record Rollup(String deviceId, String metric, Instant bucket, int count, double min, double max, double sum,
                     double last, Instant lastTime) implements Serializable {

    public double avg() {
        return sum / count;
    }

    public Rollup merge(Rollup other) {
        boolean otherIsLater = other.lastTime.isAfter(lastTime);
        return new Rollup(deviceId, metric, bucket, count + other.count, Math.min(min, other.min), Math.max(max, other.max),
                sum + other.sum, otherIsLater ? other.last : last, otherIsLater ? other.lastTime : lastTime);
    }

    public Rollup inBucket(Instant newBucket) {
        return new Rollup(deviceId, metric, newBucket, count, min, max, sum, last, lastTime);
    }
}
