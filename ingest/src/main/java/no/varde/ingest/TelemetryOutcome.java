package no.varde.ingest;

import java.util.List;
import java.util.stream.Collectors;
import no.varde.model.validation.Rejection;

/**
 * What became of one telemetry message once everything in it is durable: how many readings were
 * accepted, which records or the whole message were rejected, and the status to report
 * ({@code null} when at least one reading was accepted and nothing was refused outright).
 */
public record TelemetryOutcome(int accepted, List<Rejection> rejections, IngestStatus status) {
    public TelemetryOutcome {
        rejections = List.copyOf(rejections);
    }

    public static TelemetryOutcome refused(IngestStatus status, Rejection rejection) {
        return new TelemetryOutcome(0, List.of(rejection), status);
    }

    public boolean ok() {
        return status == null;
    }

    /** A short sentence for the sender (MQTT 5 reason string, HTTP body). */
    public String summary() {
        if (rejections.isEmpty()) {
            return accepted + " reading(s) accepted";
        }
        return accepted + " reading(s) accepted, " + rejections.size() + " rejected: "
                + rejections.stream().limit(3).map(Rejection::toString).collect(Collectors.joining("; "))
                + (rejections.size() > 3 ? "; ..." : "");
    }
}
