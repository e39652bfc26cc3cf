package no.varde.simulator;

import java.util.Objects;
import no.varde.model.Domain;

/**
 * A device the simulator plays, with the credentials it connects with: its own token, or the
 * gateway that reports for it. {@link #toString()} hides the token.
 */
public record SimulatedDevice(String id, Domain kind, String zone, String token, String gateway) {
    public SimulatedDevice {
        Objects.requireNonNull(id);
        Objects.requireNonNull(kind);
        if (token == null && gateway == null) {
            throw new IllegalArgumentException(id + " needs a token or a gateway");
        }
    }

    public SimulatedDevice(String id, Domain kind, String zone, String token) {
        this(id, kind, zone, token, null);
    }

    @Override
    public String toString() {
        return "SimulatedDevice[" + id + ", " + kind.id() + ", " + zone + (gateway == null ? "" : ", via " + gateway) + "]";
    }
}
