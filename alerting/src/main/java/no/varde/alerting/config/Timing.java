package no.varde.alerting.config;

import java.time.Duration;

/**
 * The lifecycle's clocks.
 *
 * @param groupInterval    while an alert keeps collecting anomalies, a grouped follow-up with the new count at most this often
 * @param resolveAfter     an alert resolves itself this long after its last anomaly closed; an anomaly in between keeps it
 *                         open (flapping sensors give one alert, not a stream of opened/resolved messages)
 * @param reminderInterval an unacknowledged alert is sent again to whoever is on call this often
 * @param ackLinkValidity  how long a signed acknowledge link in a message works
 * @param tick             how often escalation, reminders, follow-ups and auto-resolve are checked
 */
public record Timing(Duration groupInterval, Duration resolveAfter, Duration reminderInterval, Duration ackLinkValidity, Duration tick) {
    public static final Timing DEFAULT = new Timing(Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(30),
            Duration.ofHours(24), Duration.ofSeconds(5));

    static Timing from(ConfigNode node) {
        return new Timing(node.get("group_interval").duration(DEFAULT.groupInterval), node.get("resolve_after").duration(DEFAULT.resolveAfter),
                node.get("reminder_interval").duration(DEFAULT.reminderInterval), node.get("ack_link_validity").duration(DEFAULT.ackLinkValidity),
                node.get("tick").duration(DEFAULT.tick));
    }
}
