package no.varde.model;

/** The three technical services Varde watches; each device belongs to one of them. */
public enum Domain {
    WATER, AIR, TRAFFIC;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Domain fromId(String id) {
        return valueOf(id.toUpperCase(java.util.Locale.ROOT));
    }
}
