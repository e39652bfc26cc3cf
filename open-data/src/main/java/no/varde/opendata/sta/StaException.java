package no.varde.opendata.sta;

/**
 * The one error type of the SensorThings API: an HTTP status and a sentence for the client,
 * translated to a response in one place ({@link StaRoutes}).
 */
public final class StaException extends RuntimeException {
    private final int status;

    public StaException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    static StaException badRequest(String message) {
        return new StaException(400, message);
    }

    static StaException notFound(String message) {
        return new StaException(404, message);
    }

    /** A bad {@code $filter} (or {@code $orderby}), naming the character position where it went wrong (1-based). */
    static StaException at(String option, int position, String message) {
        return new StaException(400, option + ": " + message + " at position " + (position + 1));
    }
}
