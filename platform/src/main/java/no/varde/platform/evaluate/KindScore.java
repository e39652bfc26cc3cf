package no.varde.platform.evaluate;

/**
 * How well one kind of incident was detected.
 *
 * @param incidents        incidents of this kind in the ground truth
 * @param detected         of them, how many at least one anomaly of the matching kind overlapped
 * @param anomalies        anomalies of the matching kind reported
 * @param trueAnomalies    of them, how many overlapped an incident of this kind
 * @param medianTtdSeconds median time from incident start to the first matching anomaly's opening
 * @param medianTtdIntervals the same in the devices' report intervals
 */
public record KindScore(String kind, String anomalyKind, int incidents, int detected, int anomalies, int trueAnomalies,
                        double medianTtdSeconds, double medianTtdIntervals) {

    public double recall() {
        return incidents == 0 ? Double.NaN : detected / (double) incidents;
    }

    public double precision() {
        return anomalies == 0 ? Double.NaN : trueAnomalies / (double) anomalies;
    }
}
