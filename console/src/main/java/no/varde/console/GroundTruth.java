package no.varde.console;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * What a simulator injected into the town, for the gains page of a platform that runs one
 * ({@code varde run} with its simulated town writes {@code ground-truth.jsonl}); absent for a
 * real town. The gains page counts how many of a month's incidents an anomaly of the answering
 * kind found.
 */
public interface GroundTruth {

    /**
     * @param answer   the anomaly kind that finds this incident ({@code leak}, {@code flatline}, ...)
     * @param zoneWide found by zone (a pollution episode), not by device
     */
    record Incident(String kind, String answer, String zone, boolean zoneWide, List<String> devices, Instant start, Instant end) {
    }

    /** The incidents that started in {@code [from, to)}. */
    List<Incident> startedBetween(Instant from, Instant to) throws IOException;
}
