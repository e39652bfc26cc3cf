package no.varde.alerting.outbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;

/**
 * A notification as written to the outbox and as claimed for delivery.
 *
 * @param recipient    "person:&lt;id&gt;" (looked up in the rota when sent), "channel" (the channel's own destination) or
 *                     "subscription:&lt;uuid&gt;" (a resident; the address is opened only when sent)
 * @param dedupeKey    the same key is never enqueued twice (a replayed anomaly, a second confirmation)
 * @param triggeredAt  when the event behind it happened; delivery latency is measured from here
 */
public record Notification(long id, Long alertId, String purpose, String channel, String recipient, UUID subscriptionId,
                           String dedupeKey, ObjectNode message, int attempts, Instant createdAt, Instant triggeredAt) {

    public static Notification pending(Long alertId, String purpose, String channel, String recipient, UUID subscriptionId,
                                       String dedupeKey, ObjectNode message, Instant triggeredAt) {
        return new Notification(0, alertId, purpose, channel, recipient, subscriptionId, dedupeKey, message, 0, null, triggeredAt);
    }

    public boolean forResident() {
        return purpose.startsWith("resident_");
    }

    public String personId() {
        return recipient.startsWith("person:") ? recipient.substring("person:".length()) : null;
    }
}
