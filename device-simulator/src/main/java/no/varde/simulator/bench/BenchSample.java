package no.varde.simulator.bench;

/**
 * One second of a bench run.
 *
 * @param second          seconds since measuring began
 * @param offered         messages published in that second
 * @param acknowledged    PUBACKs received in that second
 * @param pubackP50Ms     PUBACK latency of that second's acknowledgements
 * @param storedLagSeconds how far the newest stored reading trailed the wall clock at the end of that second
 */
public record BenchSample(int second, long offered, long acknowledged, double pubackP50Ms, double pubackP99Ms, double storedLagSeconds) {
}
