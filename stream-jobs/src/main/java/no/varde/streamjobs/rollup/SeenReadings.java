package no.varde.streamjobs.rollup;

/**
 * The readings of one series that {@link ResendFilter} remembers, as one flat array for cheap
 * state: pairs of (event time in microseconds, arrival in processing-time milliseconds), sorted
 * by event time. Kept: every reading that arrived within {@link #HORIZON_MILLIS} (a resend follows
 * its original within the time a device needs to notice the missing PUBACK and reconnect, however
 * many readings it sent meanwhile), and always the {@link #NEWEST} latest by event time (so a slow
 * series is remembered for longer), at most {@link #CAP} in all.
 */
final class SeenReadings {
    /** A resend arriving this long after its original is still recognised. */
    static final long HORIZON_MILLIS = 120_000L;
    static final int NEWEST = 32;
    static final int CAP = 4096;
    private static final long[] NONE = new long[0];

    private SeenReadings() {
    }

    static long[] empty() {
        return NONE;
    }

    static boolean contains(long[] seen, long eventMicros) {
        return indexOf(seen, eventMicros) >= 0;
    }

    /** {@code seen} with the reading added (it must not be in it) and the forgotten ones dropped. */
    static long[] add(long[] seen, long eventMicros, long arrivalMillis) {
        int n = seen.length / 2;
        int at = -indexOf(seen, eventMicros) - 1;
        long[] next = new long[seen.length + 2];
        System.arraycopy(seen, 0, next, 0, 2 * at);
        next[2 * at] = eventMicros;
        next[2 * at + 1] = arrivalMillis;
        System.arraycopy(seen, 2 * at, next, 2 * at + 2, 2 * (n - at));
        return forget(next, arrivalMillis);
    }

    private static long[] forget(long[] seen, long now) {
        int n = seen.length / 2;
        if (n <= NEWEST) {
            return seen;
        }
        int dropped = 0;
        for (int i = 0; i < n - NEWEST; i++) {
            if (forgotten(seen, i, n, now)) {
                dropped++;
            }
        }
        if (dropped == 0) {
            return seen;
        }
        long[] kept = new long[2 * (n - dropped)];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (i >= n - NEWEST || !forgotten(seen, i, n, now)) {
                kept[2 * k] = seen[2 * i];
                kept[2 * k + 1] = seen[2 * i + 1];
                k++;
            }
        }
        return kept;
    }

    private static boolean forgotten(long[] seen, int i, int n, long now) {
        return i < n - CAP || seen[2 * i + 1] < now - HORIZON_MILLIS;
    }

    /** Binary search over the event times (even slots); as {@link java.util.Arrays#binarySearch} for the result. */
    private static int indexOf(long[] seen, long eventMicros) {
        int low = 0;
        int high = seen.length / 2 - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            long t = seen[2 * mid];
            if (t < eventMicros) {
                low = mid + 1;
            } else if (t > eventMicros) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -(low + 1);
    }
}
