package no.varde.alerting.residents;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import no.varde.alerting.config.ResidentSettings;
import no.varde.alerting.lifecycle.AlertRow;
import no.varde.alerting.outbox.Notification;
import no.varde.alerting.outbox.Outbox;

/**
 * Plain-language warnings to residents who subscribed to a zone: written only when an engineer
 * confirms a water-supply alert, and an all-clear when that alert is resolved. Each subscriber
 * gets their own language (bokmål or nynorsk); the engineer may add a line (e.g. "kok vannet").
 * The message holds no personal data; the address is opened and the unsubscribe link added only
 * when the channel sends it.
 */
public final class ResidentWarnings {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm");

    private final ResidentSettings settings;
    private final SubscriptionStore subscriptions;
    private final Outbox outbox;
    private final ZoneId zone;

    public ResidentWarnings(ResidentSettings settings, SubscriptionStore subscriptions, Outbox outbox, ZoneId zone) {
        this.settings = settings;
        this.subscriptions = subscriptions;
        this.outbox = outbox;
        this.zone = zone;
    }

    /** @param notes optional extra line per language ("nb", "nn") */
    public int warn(Connection c, AlertRow alert, Map<String, String> notes, Instant now) throws SQLException {
        return send(c, alert, "resident_warning", "warning", notes, now);
    }

    public int allClear(Connection c, AlertRow alert, Instant now) throws SQLException {
        return send(c, alert, "resident_all_clear", "all_clear", Map.of(), now);
    }

    /** The text a subscriber in {@code language} would get if the engineer confirmed now (the console's preview). */
    public String preview(AlertRow alert, String language, String note, Instant now) {
        String text = fill(settings.template(language, "warning"), alert, now);
        return note == null || note.isBlank() ? text : text + " " + note.strip();
    }

    /** How many subscribers of the alert's zone would be warned, per language; none where no channel is configured for them. */
    public Map<String, Integer> reach(Connection c, AlertRow alert) throws SQLException {
        Map<String, Integer> out = new java.util.TreeMap<>();
        if (alert.zone() == null) {
            return out;
        }
        for (SubscriptionStore.Subscriber s : subscriptions.subscribersOf(c, alert.zone())) {
            String channel = "sms".equals(s.channel()) ? settings.smsChannel() : settings.emailChannel();
            if (channel != null) {
                out.merge(s.language(), 1, Integer::sum);
            }
        }
        return out;
    }

    private int send(Connection c, AlertRow alert, String purpose, String template, Map<String, String> notes, Instant now)
            throws SQLException {
        int written = 0;
        for (SubscriptionStore.Subscriber s : subscriptions.subscribersOf(c, alert.zone())) {
            String channel = "sms".equals(s.channel()) ? settings.smsChannel() : settings.emailChannel();
            if (channel == null) {
                continue;
            }
            String text = fill(settings.template(s.language(), template), alert, now);
            String note = notes == null ? null : notes.get(s.language());
            if (note != null && !note.isBlank()) {
                text = text + " " + note.strip();
            }
            ObjectNode message = JSON.createObjectNode().put("language", s.language())
                    .put("subject", fill(settings.template(s.language(), "subject"), alert, now)).put("text", text)
                    .put("unsubscribe_template", settings.template(s.language(), "unsubscribe"));
            String key = "a" + alert.id() + "/" + purpose + "/" + s.id();
            if (outbox.enqueue(c, Notification.pending(alert.id(), purpose, channel, "subscription:" + s.id(), s.id(), key, message, now), now)) {
                written++;
            }
        }
        return written;
    }

    private String fill(String template, AlertRow alert, Instant now) {
        return template.replace("{municipality}", settings.municipality()).replace("{zone}", alert.zone())
                .replace("{since}", HOUR.format(alert.openedAt().atZone(zone))).replace("{at}", HOUR.format(now.atZone(zone)))
                .replace("{info_url}", settings.infoUrl());
    }
}
