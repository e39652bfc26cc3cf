package no.varde.model.validation;

/**
 * One rejected record (or a whole message, with {@code recordIndex} -1) and a sentence saying why.
 */
public record Rejection(RejectReason reason, int recordIndex, String detail) {
    public static Rejection ofMessage(RejectReason reason, String detail) {
        return new Rejection(reason, -1, detail);
    }

    @Override
    public String toString() {
        return reason.code() + (recordIndex >= 0 ? "[record " + recordIndex + "]" : "") + ": " + detail;
    }
}
