package no.varde.alerting.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import no.varde.alerting.lifecycle.AlertRow;
import no.varde.alerting.residents.SubscriptionStore;

/** The API's JSON shapes. */
final class AlertJson {
    private AlertJson() {
    }

    static JsonObject alert(AlertRow a) {
        return new JsonObject().put("id", a.id()).put("state", a.state()).put("severity", a.severity().id()).put("domain", a.domain().id())
                .put("zone", a.zone()).put("kind", a.kind()).put("title", a.title()).put("summary", a.summary())
                .put("occurrences", a.occurrences()).put("assignee", a.assignee()).put("escalationLevel", a.escalationLevel())
                .put("openedAt", time(a.openedAt())).put("updatedAt", time(a.updatedAt()))
                .put("acknowledgedAt", time(a.acknowledgedAt())).put("acknowledgedBy", a.acknowledgedBy())
                .put("resolvedAt", time(a.resolvedAt())).put("resolvedBy", a.resolvedBy())
                .put("lastNotifiedAt", time(a.lastNotifiedAt())).put("confirmedForResidents", a.confirmedForResidents())
                .put("groupKey", a.groupKey());
    }

    static JsonObject subscription(SubscriptionStore.Subscription s) {
        return new JsonObject().put("id", s.id().toString()).put("channel", s.channel()).put("address", s.addressHint())
                .put("language", s.language()).put("zones", new JsonArray(List.copyOf(s.zones()))).put("createdAt", time(s.createdAt()));
    }

    static JsonArray rows(List<Map<String, Object>> rows) {
        JsonArray out = new JsonArray();
        for (Map<String, Object> r : rows) {
            JsonObject o = new JsonObject();
            r.forEach((k, v) -> o.put(camel(k), v instanceof Instant i ? i.toString() : v instanceof List<?> l ? new JsonArray(List.copyOf(l))
                    : v instanceof java.util.UUID u ? u.toString() : "details".equals(k) && v != null ? new JsonObject(v.toString()) : v));
            out.add(o);
        }
        return out;
    }

    private static String camel(String snake) {
        StringBuilder b = new StringBuilder();
        boolean up = false;
        for (char ch : snake.toCharArray()) {
            if (ch == '_') {
                up = true;
            } else {
                b.append(up ? Character.toUpperCase(ch) : ch);
                up = false;
            }
        }
        return b.toString();
    }

    private static String time(Instant t) {
        return t == null ? null : t.toString();
    }
}
