package no.varde.model.anomaly;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import no.varde.model.Domain;

/**
 * One ongoing (or ended) anomaly as the detectors report it: opened once, updated while it
 * lasts, closed once. Every report of the same anomaly carries the same {@code id} and a rising
 * {@code revision}, so a consumer that sees a report twice (a replay after a restart) keeps the
 * newest and drops the rest.
 *
 * @param id           chosen from what is anomalous and when it began ({@link #idFor}), so a replay gives the same id
 * @param revision     0 when opened, +1 per later report
 * @param observed     the value that made it anomalous (the latest while open, NaN for silence)
 * @param expectedLow  the low end of what was expected (NaN when not meaningful)
 * @param expectedHigh the high end of what was expected (NaN when not meaningful)
 * @param endedAt      set when closed
 * @param explanation  the sentence an engineer reads
 */
public record Anomaly(UUID id, int revision, AnomalyKind kind, Severity severity, Status status, Domain domain, String zone,
                      List<String> deviceIds, String metric, double score, double observed, double expectedLow,
                      double expectedHigh, Instant startedAt, Instant updatedAt, Instant endedAt, String explanation)
        implements Serializable {

    public enum Status { OPEN, CLOSED }

    public Anomaly {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(explanation, "explanation");
        deviceIds = List.copyOf(deviceIds);
        if (score < 0 || score > 1 || Double.isNaN(score)) {
            throw new IllegalArgumentException("score must be in [0, 1]: " + score);
        }
        if (status == Status.CLOSED && endedAt == null) {
            throw new IllegalArgumentException("a closed anomaly needs endedAt");
        }
    }

    /** The same id for the same kind, subject and start, in every run and after every replay. */
    public static UUID idFor(AnomalyKind kind, String subject, Instant startedAt) {
        String key = kind.id() + '|' + subject + '|' + startedAt.toEpochMilli();
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
    }

    public boolean isOpen() {
        return status == Status.OPEN;
    }

    /** A later report of this anomaly. */
    public Anomaly update(Severity newSeverity, double newScore, double newObserved, double low, double high, Instant at,
                          String newExplanation) {
        return new Anomaly(id, revision + 1, kind, newSeverity, Status.OPEN, domain, zone, deviceIds, metric, newScore,
                newObserved, low, high, startedAt, at, null, newExplanation);
    }

    /** The final report: ended at {@code at}. */
    public Anomaly close(Instant at, String newExplanation) {
        Instant end = at.isBefore(startedAt) ? startedAt : at;
        return new Anomaly(id, revision + 1, kind, severity, Status.CLOSED, domain, zone, deviceIds, metric, score, observed,
                expectedLow, expectedHigh, startedAt, end, end, newExplanation);
    }
}
