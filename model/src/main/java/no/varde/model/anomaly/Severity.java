package no.varde.model.anomaly;

import java.util.Locale;

/** How urgent: info (worth a look), warning (act today), critical (act now, wake someone). */
public enum Severity {
    INFO, WARNING, CRITICAL;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Severity fromId(String id) {
        return valueOf(id.strip().toUpperCase(Locale.ROOT));
    }

    public Severity max(Severity other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
