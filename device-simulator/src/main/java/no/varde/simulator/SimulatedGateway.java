package no.varde.simulator;

import java.util.Objects;

/** A field gateway that reports for many sensors over one connection. {@link #toString()} hides the token. */
public record SimulatedGateway(String id, String token) {
    public SimulatedGateway {
        Objects.requireNonNull(id);
        Objects.requireNonNull(token);
    }

    @Override
    public String toString() {
        return "SimulatedGateway[" + id + "]";
    }
}
