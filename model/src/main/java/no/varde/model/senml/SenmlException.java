package no.varde.model.senml;

import no.varde.model.validation.RejectReason;
import no.varde.model.validation.Rejection;

/** A payload that cannot be read as SenML at all: the whole message is rejected. */
public final class SenmlException extends Exception {
    private final RejectReason reason;

    public SenmlException(RejectReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }

    public Rejection toRejection() {
        return Rejection.ofMessage(reason, getMessage());
    }
}
