package no.varde.simulator;

import java.util.Objects;
import no.varde.model.Domain;

/** A device the simulator plays, with the credentials it connects with. {@link #toString()} hides the token. */
public record SimulatedDevice(String id, Domain kind, String zone, String token) {
    public SimulatedDevice {
        Objects.requireNonNull(id);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(token);
    }

    @Override
    public String toString() {
        return "SimulatedDevice[" + id + ", " + kind.id() + ", " + zone + "]";
    }
}
