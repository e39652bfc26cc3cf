package no.varde.alerting.lifecycle;

import java.util.List;

/** The API's alert list filter; null fields do not filter. */
public record AlertFilter(String state, String domain, String zone, String severity, int limit, int offset) {
    public AlertFilter {
        limit = Math.max(1, Math.min(limit, 500));
        offset = Math.max(0, offset);
    }

    void appendTo(StringBuilder sql, List<Object> params) {
        add(sql, params, "state", state);
        add(sql, params, "domain", domain);
        add(sql, params, "zone", zone);
        add(sql, params, "severity", severity);
    }

    private static void add(StringBuilder sql, List<Object> params, String column, String value) {
        if (value != null && !value.isBlank()) {
            sql.append(" AND ").append(column).append(" = ?");
            params.add(value);
        }
    }
}
