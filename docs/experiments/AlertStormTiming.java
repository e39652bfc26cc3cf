package no.varde.alerting;

import static no.varde.alerting.AlertingHarness.anomaly;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import no.varde.alerting.lifecycle.AlertEngine;
import no.varde.alerting.lifecycle.AlertEngine.Incoming;
import no.varde.model.Domain;
import no.varde.model.anomaly.Anomaly;
import no.varde.model.anomaly.AnomalyKind;
import no.varde.model.anomaly.Severity;
import org.junit.jupiter.api.Test;

/**
 * How long alerting's engine takes over a storm: 10,000 new silences of one group, handed in as
 * the feed hands in polls (200 reports a transaction), three rounds on one database (each round
 * its own group, so alert_anomalies grows as on a running platform). No Kafka in the timed part, no
 * webhooks: the engine and PostgreSQL alone. Prints, asserts nothing (a benchmark, not a test).
 *
 * Run: cp docs/experiments/AlertStormTiming.java alerting/src/test/java/no/varde/alerting/ &&
 *      mvn -q -pl alerting test -Dtest=AlertStormTiming | grep STORM; rm alerting/src/test/java/no/varde/alerting/AlertStormTiming.java
 */
class AlertStormTiming {
    @Test
    void storm() throws Exception {
        try (AlertingHarness h = new AlertingHarness().start("alerting-" + System.nanoTime())) {
            // The engine is driven directly; the service's feed reads an empty topic meanwhile.
            AlertEngine engine = h.service.engine();
            for (int round = 0; round < 3; round++) {
                Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(round);
                List<Incoming> all = new ArrayList<>();
                for (int i = 0; i < 10_000; i++) {
                    Anomaly a = anomaly(AnomalyKind.SILENCE, Severity.WARNING, Domain.WATER, "Nord" + round, "dev-" + round + "-" + i, null,
                            Double.NaN, Double.NaN, Double.NaN, t0);
                    all.add(new Incoming(a, t0));
                }
                long start = System.nanoTime();
                for (int i = 0; i < all.size(); i += 200) {
                    engine.onAnomalies(all.subList(i, Math.min(all.size(), i + 200)));
                }
                System.out.printf("STORM round %d: 10,000 new silences of one group in %.2f s%n", round, (System.nanoTime() - start) / 1e9);
            }
        }
    }
}
