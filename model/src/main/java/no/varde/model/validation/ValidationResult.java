package no.varde.model.validation;

import java.util.List;
import no.varde.model.Reading;

/** The outcome of validating one message: the good readings to keep and the records rejected. */
public record ValidationResult(List<Reading> accepted, List<Rejection> rejections) {
    public ValidationResult {
        accepted = List.copyOf(accepted);
        rejections = List.copyOf(rejections);
    }

    public static ValidationResult rejected(Rejection rejection) {
        return new ValidationResult(List.of(), List.of(rejection));
    }

    public boolean fullyAccepted() {
        return rejections.isEmpty();
    }
}
