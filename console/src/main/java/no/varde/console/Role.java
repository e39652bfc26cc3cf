package no.varde.console;

import java.util.Locale;
import java.util.Optional;

/** What a person may do in the console; each role includes the ones before it. */
public enum Role {
    /** Sees alerts, devices and gains. */
    VIEWER,
    /** Acknowledges, resolves, comments, assigns and confirms resident warnings. */
    ENGINEER,
    /** Manages devices, tokens and routes. */
    ADMIN;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean includes(Role other) {
        return ordinal() >= other.ordinal();
    }

    public static Optional<Role> fromId(String id) {
        for (Role r : values()) {
            if (r.id().equalsIgnoreCase(id == null ? "" : id.strip())) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
