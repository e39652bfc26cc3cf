package no.varde.ingest;

/** The one error type of ingest: a status that decides the protocol code, and a reason for the sender. */
public final class IngestException extends RuntimeException {
    private final IngestStatus status;

    public IngestException(IngestStatus status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    public IngestException(IngestStatus status, String reason, Throwable cause) {
        super(reason, cause, false, false);
        this.status = status;
    }

    public IngestStatus status() {
        return status;
    }
}
