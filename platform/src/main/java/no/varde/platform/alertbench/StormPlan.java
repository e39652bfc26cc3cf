package no.varde.platform.alertbench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import no.varde.model.Domain;
import no.varde.model.anomaly.Anomaly;
import no.varde.model.anomaly.AnomalyKind;
import no.varde.model.anomaly.Severity;

/**
 * The anomaly events of the alerting benchmark's storm, reproducible from a seed: 45 % open a new
 * problem (a new alert, whose webhook is timed), 35 % are more devices joining an ongoing problem
 * (grouped, no message of their own), 20 % close an anomaly (alerts resolve after the quiet period).
 */
public final class StormPlan {
    /** One event to publish; {@code opensProblem} when it should produce exactly one "opened" webhook. */
    public record Event(Anomaly anomaly, boolean opensProblem) {
    }

    private record Problem(String zone, Domain domain, AnomalyKind kind, String metric, Severity severity, List<Anomaly> open) {
    }

    private static final Domain[] DOMAINS = Domain.values();
    private final Random random;
    private final List<Problem> problems = new ArrayList<>();
    private int problemCount;
    private int deviceCount;

    public StormPlan(long seed) {
        this.random = new Random(seed);
    }

    public int problems() {
        return problemCount;
    }

    public Event next(Instant now) {
        double p = random.nextDouble();
        if (p < 0.45 || problems.isEmpty()) {
            Domain domain = DOMAINS[problemCount % DOMAINS.length];
            AnomalyKind kind = switch (random.nextInt(3)) {
                case 0 -> AnomalyKind.SILENCE;
                case 1 -> AnomalyKind.LIMIT;
                default -> AnomalyKind.SPIKE;
            };
            String metric = kind == AnomalyKind.SILENCE ? null : switch (domain) {
                case WATER -> "water.pressure";
                case AIR -> "air.no2";
                case TRAFFIC -> "traffic.speed";
            };
            Problem problem = new Problem("bench-" + (++problemCount), domain, kind, metric,
                    random.nextBoolean() ? Severity.CRITICAL : Severity.WARNING, new ArrayList<>());
            problems.add(problem);
            return new Event(open(problem, now), true);
        }
        Problem problem = problems.get(random.nextInt(problems.size()));
        if (p < 0.80 || problem.open().isEmpty()) {
            return new Event(open(problem, now), false);
        }
        Anomaly closing = problem.open().remove(random.nextInt(problem.open().size()));
        if (problem.open().isEmpty()) {
            problems.remove(problem);   // its alert resolves after the quiet period; its zone is never used again
        }
        return new Event(closing.close(now, "back to normal"), false);
    }

    private Anomaly open(Problem problem, Instant now) {
        String device = "bench-dev-" + (++deviceCount);
        Anomaly a = new Anomaly(Anomaly.idFor(problem.kind(), device, now), 0, problem.kind(), problem.severity(), Anomaly.Status.OPEN,
                problem.domain(), problem.zone(), List.of(device), problem.metric(), 0.95, problem.metric() == null ? Double.NaN : 1.2,
                problem.metric() == null ? Double.NaN : 2.0, problem.metric() == null ? Double.NaN : 6.0, now, now, null,
                problem.metric() == null ? device + " has sent nothing for 30 s" : problem.metric() + " at " + device + " is 1.2");
        problem.open().add(a);
        return a;
    }
}
