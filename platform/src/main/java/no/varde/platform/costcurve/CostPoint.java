package no.varde.platform.costcurve;

/**
 * What one fleet size cost, measured on one machine in one run of {@code varde cost-curve}.
 * Memory in MB (10^6 bytes); times in seconds; {@code error} says why a point stopped short
 * (the figures it reached are kept, the rest are NaN).
 *
 * @param firstStartSeconds      from launch until ready, registering the fleet included
 * @param heapMaxMb              largest heap in use seen during the load (all pools, from /metrics)
 * @param checkpointMb           the last checkpoint's size (Flink's figure: all operator state, full snapshot)
 * @param checkpointP50Ms        median duration of the checkpoints taken during the load at ≥ 90 % of the last one's size
 * @param databaseTransactionsPerSecond commits per second on the platform's database during the load
 *                               (readings sink, device registry, alerting, rollups together)
 * @param restartReadySeconds    from relaunch on the same data directory until /health/ready answers (every task of the job
 *                               running, state restored; until 2026-12-04 evening: the job RUNNING, tasks maybe still restoring)
 * @param stormConnectedSeconds  from relaunch until every gateway, retrying every 250 ms, is connected again
 * @param stormStoredSeconds     from relaunch until one reading from each reconnected gateway is stored: the platform serves
 *                               again, its state restored
 */
public record CostPoint(int devices, int gateways, double targetRate, double achievedPerSecond, double pubackP99Ms,
                        double storedP99Ms, long lost, double firstStartSeconds, double rssMaxMb, double heapMaxMb,
                        double checkpointMb, double checkpointP50Ms, double checkpointMaxMs, double databaseTransactionsPerSecond,
                        double stopSeconds, double restartReadySeconds, double stormConnectedSeconds, double stormStoredSeconds,
                        String error) {
}
