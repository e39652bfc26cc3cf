package no.varde.alerting;

/**
 * The one error type of alerting's operations, with the HTTP status it becomes; the API translates
 * it in one place ({@code AlertingRoutes}).
 */
public final class AlertingException extends RuntimeException {
    private final int status;
    private final String code;

    public AlertingException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public static AlertingException notFound(String what) {
        return new AlertingException(404, "not_found", what);
    }

    public static AlertingException conflict(String message) {
        return new AlertingException(409, "conflict", message);
    }

    public static AlertingException badRequest(String message) {
        return new AlertingException(400, "bad_request", message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
