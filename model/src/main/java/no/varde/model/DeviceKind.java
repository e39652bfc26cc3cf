package no.varde.model;

import java.util.Locale;
import java.util.Optional;

/** What a registered device is: a sensor of one domain, or a gateway that carries other devices. */
public enum DeviceKind {
    WATER(Domain.WATER), AIR(Domain.AIR), TRAFFIC(Domain.TRAFFIC), GATEWAY(null);

    private final Domain domain;

    DeviceKind(Domain domain) {
        this.domain = domain;
    }

    public Optional<Domain> domain() {
        return Optional.ofNullable(domain);
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DeviceKind of(Domain domain) {
        return valueOf(domain.name());
    }

    /** @throws IllegalArgumentException for an unknown kind */
    public static DeviceKind fromId(String id) {
        try {
            return valueOf(id.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown device kind '" + id + "' (water, air, traffic or gateway)");
        }
    }
}
