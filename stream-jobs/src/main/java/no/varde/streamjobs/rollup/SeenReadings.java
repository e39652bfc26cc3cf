package no.varde.streamjobs.rollup;

/**
 * The readings of one series that {@link ResendFilter} remembers, as one flat array for cheap
 * state: pairs of (event time in microseconds, arrival in processing-time milliseconds), sorted
 * by event time. Kept: every reading that arrived within {@link #HORIZON_MILLIS} (a resend follows
 * its original within the time a device needs to notice the missing PUBACK and reconnect, however
 * many readings it sent meanwhile), and always the {@link #NEWEST} latest by event time (so a slow
 * series is remembered for longer), at most {@link #CAP} in all.
 *
 * <p>Layout: {@code [LAYOUT, newest event millis, first pair, end pair, pairs ..., spare room]}.
 * The array has room to grow and forgets from the front by moving {@code first}, so the usual
 * reading (newer than all before it) is written in place: the earlier layout copied the whole
 * array for every reading, which at 15,000 readings/s was most of the job's garbage (JFR, 2026-12-04).
 * An array in the earlier layout (pairs from slot 0, restored from an older checkpoint) is
 * recognised by its first slot, which is a positive time there and {@link #LAYOUT} here.
 */
final class SeenReadings {
    /** A resend arriving this long after its original is still recognised. */
    static final long HORIZON_MILLIS = 120_000L;
    static final int NEWEST = 32;
    static final int CAP = 4096;
    private static final long LAYOUT = -2L;
    private static final int NEWEST_MILLIS = 1;
    private static final int FIRST = 2;
    private static final int END = 3;
    private static final int HEADER = 4;
    private static final int INITIAL_PAIRS = 8;

    private SeenReadings() {
    }

    /** A new, empty memory (a fresh array: callers write into it). */
    static long[] empty() {
        long[] seen = new long[HEADER + 2 * INITIAL_PAIRS];
        seen[0] = LAYOUT;
        seen[NEWEST_MILLIS] = Long.MIN_VALUE;
        return seen;
    }

    /** {@code stored} in this layout: as it is, or converted from the earlier one. */
    static long[] of(long[] stored) {
        if (stored == null) {
            return empty();
        }
        if (stored.length >= HEADER && stored[0] == LAYOUT) {
            return stored;
        }
        long[] seen = empty();
        for (int i = 0; i + 1 < stored.length; i += 2) {
            seen = add(seen, stored[i], stored[i + 1]);
        }
        return seen;
    }

    static int size(long[] seen) {
        return (int) (seen[END] - seen[FIRST]);
    }

    /** The newest event time seen, in milliseconds; {@link Long#MIN_VALUE} when none. */
    static long newestMillis(long[] seen) {
        return seen[NEWEST_MILLIS];
    }

    static boolean contains(long[] seen, long eventMicros) {
        return indexOf(seen, eventMicros) >= 0;
    }

    /**
     * Adds the reading (it must not be in it) and forgets what is due; returns the memory, which is
     * {@code seen} itself unless it had to grow.
     */
    static long[] add(long[] seen, long eventMicros, long arrivalMillis) {
        int at = -indexOf(seen, eventMicros) - 1;
        int first = (int) seen[FIRST];
        int end = (int) seen[END];
        if (HEADER + 2 * end == seen.length) {
            seen = makeRoom(seen, first, end);
            at -= first;
            end -= first;
            first = 0;
        }
        int slot = HEADER + 2 * at;
        System.arraycopy(seen, slot, seen, slot + 2, 2 * (end - at));
        seen[slot] = eventMicros;
        seen[slot + 1] = arrivalMillis;
        seen[END] = end + 1;
        seen[NEWEST_MILLIS] = Math.max(seen[NEWEST_MILLIS], Math.floorDiv(eventMicros, 1000));
        forget(seen, arrivalMillis);
        return seen;
    }

    /** Moves the live pairs to the front, into a larger array when they fill more than half of it. */
    private static long[] makeRoom(long[] seen, int first, int end) {
        int live = end - first;
        int pairs = (seen.length - HEADER) / 2;
        long[] target = live * 2 > pairs ? new long[HEADER + 2 * Math.max(INITIAL_PAIRS, pairs * 2)] : seen;
        System.arraycopy(seen, 0, target, 0, HEADER);
        System.arraycopy(seen, HEADER + 2 * first, target, HEADER, 2 * live);
        target[FIRST] = 0;
        target[END] = live;
        return target;
    }

    /** Drops from the oldest end while beyond the cap, or arrived before the horizon and not among the newest. */
    private static void forget(long[] seen, long now) {
        int first = (int) seen[FIRST];
        int end = (int) seen[END];
        while (end - first > NEWEST && (end - first > CAP || seen[HEADER + 2 * first + 1] < now - HORIZON_MILLIS)) {
            first++;
        }
        seen[FIRST] = first;
    }

    /**
     * Writes the live pairs only, each as its step from the one before in variable-length bytes:
     * {@code [pairs][newest event millis][event micros, arrival millis][Δ event, Δ arrival]...}.
     * The array itself carries spare room and forgotten slots (up to twice the live pairs) and 16
     * bytes per pair; a reading a second takes about 5 bytes this way. Reads the earlier layout too.
     */
    static void write(long[] stored, java.io.DataOutput out) throws java.io.IOException {
        long[] seen = of(stored);
        int first = (int) seen[FIRST];
        int end = (int) seen[END];
        VarLongs.writeUnsigned(out, end - first);
        VarLongs.writeSigned(out, seen[NEWEST_MILLIS]);
        long event = 0;
        long arrival = 0;
        for (int pair = first; pair < end; pair++) {
            long e = seen[HEADER + 2 * pair];
            long a = seen[HEADER + 2 * pair + 1];
            VarLongs.writeSigned(out, e - event);   // event times are sorted: small and positive after the first
            VarLongs.writeSigned(out, a - arrival); // arrivals are not (a resend of an old reading arrives late)
            event = e;
            arrival = a;
        }
    }

    /** What {@link #write} wrote, with room for {@link #INITIAL_PAIRS} more pairs before it has to grow. */
    static long[] read(java.io.DataInput in) throws java.io.IOException {
        long pairs = VarLongs.readUnsigned(in);
        if (pairs < 0 || pairs > CAP + 1) {
            throw new java.io.IOException("resend filter state holds " + pairs + " readings, more than the cap of " + CAP + ": not this layout");
        }
        int live = (int) pairs;
        long[] seen = new long[HEADER + 2 * (live + INITIAL_PAIRS)];
        seen[0] = LAYOUT;
        seen[NEWEST_MILLIS] = VarLongs.readSigned(in);
        seen[FIRST] = 0;
        seen[END] = live;
        long event = 0;
        long arrival = 0;
        for (int pair = 0; pair < live; pair++) {
            event += VarLongs.readSigned(in);
            arrival += VarLongs.readSigned(in);
            seen[HEADER + 2 * pair] = event;
            seen[HEADER + 2 * pair + 1] = arrival;
        }
        return seen;
    }

    /** Binary search over the live event times; as {@link java.util.Arrays#binarySearch} for the result (absolute pair index). */
    private static int indexOf(long[] seen, long eventMicros) {
        int low = (int) seen[FIRST];
        int high = (int) seen[END] - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            long t = seen[HEADER + 2 * mid];
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
