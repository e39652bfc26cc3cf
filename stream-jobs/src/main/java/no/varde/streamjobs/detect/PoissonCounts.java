package no.varde.streamjobs.detect;

/** Counting statistics for counted things (vehicles a minute): how probable a count is at an expected rate. */
final class PoissonCounts {
    private PoissonCounts() {
    }

    /** Whether a count this far from {@code expected} has a Poisson tail probability below {@code tailLimit}. */
    static boolean improbable(double value, double expected, double tailLimit) {
        double mean = Math.max(expected, 0.5);
        long k = Math.max(0, Math.round(value));
        double tail = 0;
        if (k >= mean) {
            for (long i = k; i < k + 200 && tail < 1; i++) {
                double p = probability(i, mean);
                tail += p;
                if (p < 1e-20) {
                    break;
                }
            }
        } else {
            for (long i = 0; i <= k; i++) {
                tail += probability(i, mean);
            }
        }
        return tail < tailLimit;
    }

    /** P(X = k) for a Poisson count with mean {@code mean} (k rounded; Stirling's series above 20). */
    static double probability(double k, double mean) {
        long n = Math.max(0, Math.round(k));
        double logFactorial;
        if (n <= 20) {
            logFactorial = 0;
            for (long i = 2; i <= n; i++) {
                logFactorial += Math.log(i);
            }
        } else {
            logFactorial = n * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI * n) + 1.0 / (12 * n);
        }
        return Math.exp(n * Math.log(mean) - mean - logFactorial);
    }
}
