package no.varde.simulator.replay;

import java.util.Locale;

/** Which time a replayed reading carries. */
public enum TimestampMode {
    /**
     * The recorded spacing, moved so that every row is stamped no later than the moment it is sent
     * and the last row lands on the present: the series' shape survives any speed, nothing is from
     * the future. The default.
     */
    SHIFTED,
    /** The recorded times unchanged (ingest refuses rows older than its validation window, 7 days by default). */
    ORIGINAL,
    /** The moment each row is sent (compresses the series by the speed). */
    WALL;

    public static TimestampMode fromFlag(String text) {
        return valueOf(text.strip().toUpperCase(Locale.ROOT));
    }
}
