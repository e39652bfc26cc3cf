package no.varde.alerting.lifecycle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import no.varde.alerting.config.AlertingConfig;
import no.varde.alerting.config.ChannelSettings;
import no.varde.alerting.message.AlertMessages;
import no.varde.alerting.outbox.Notification;
import no.varde.alerting.outbox.Outbox;
import no.varde.alerting.rota.Person;
import no.varde.alerting.routing.Target;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns "tell people about this alert" into outbox rows: the routing rules pick targets for the
 * alert's domain, zone, severity and the local time; {@code oncall:} targets become the people on
 * call at the alert's escalation level. Runs inside the caller's transaction.
 */
public final class Notifier {
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

    /** Who hears of a change: everyone routed; only on-call people (reminders); everyone but by SMS (resolved, no 3 am texts). */
    public enum Audience { ALL, ONCALL, NO_SMS }

    private final AlertingConfig config;
    private final Outbox outbox;
    private final AlertMessages messages;
    private final AlertStore store;

    public Notifier(AlertingConfig config, Outbox outbox, AlertMessages messages, AlertStore store) {
        this.config = config;
        this.outbox = outbox;
        this.messages = messages;
        this.store = store;
    }

    /**
     * @param discriminator makes the dedupe key of a repeated purpose distinct (the count of a grouped follow-up, the level
     *                      of an escalation); the same alert, purpose and discriminator is never enqueued twice
     * @return how many notifications were written
     */
    public int notify(Connection c, AlertRow alert, String purpose, String discriminator, Audience audience, Instant triggeredAt,
                      Instant now, Map<String, ?> extra) throws SQLException {
        List<Target> targets = config.router().targets(alert.domain(), alert.zone(), alert.severity(), now);
        ObjectNode message = null;
        int written = 0;
        for (Target t : targets) {
            ChannelSettings channel = config.channels().get(t.channel());
            if (audience == Audience.ONCALL && !t.oncall() || audience == Audience.NO_SMS && "sms".equals(channel.type())) {
                continue;
            }
            if (message == null) {
                message = messages.build(c, alert, purpose, extra);
            }
            if (!t.oncall()) {
                written += enqueue(c, alert, purpose, discriminator, channel, "channel", message, triggeredAt, now);
                continue;
            }
            List<Person> onCall = config.rota().onCall(alert.domain(), alert.escalationLevel(), now);
            if (onCall.isEmpty()) {
                LOG.warn("Alert {}: no one is on call for {} at level {}; {} not sent through {}", alert.id(), alert.domain().id(),
                        alert.escalationLevel(), purpose, t);
                store.event(c, alert.id(), "system", "notification_failed", now, Map.of("purpose", purpose, "target", t.toString(),
                        "error", "no one on call for " + alert.domain().id() + " at level " + alert.escalationLevel()));
                continue;
            }
            for (Person p : onCall) {
                boolean needsAddress = "sms".equals(channel.type()) || "smtp".equals(channel.type());
                if (needsAddress && p.address("smtp".equals(channel.type()) ? "email" : "sms") == null) {
                    continue;   // this person is not reachable through that channel; their other routes still apply
                }
                written += enqueue(c, alert, purpose, discriminator, channel, "person:" + p.id(), message, triggeredAt, now);
            }
        }
        return written;
    }

    private int enqueue(Connection c, AlertRow alert, String purpose, String discriminator, ChannelSettings channel, String recipient,
                        ObjectNode message, Instant triggeredAt, Instant now) throws SQLException {
        String key = "a" + alert.id() + "/" + purpose + "/" + discriminator + "/" + channel.name() + "/" + recipient;
        return outbox.enqueue(c, Notification.pending(alert.id(), purpose, channel.name(), recipient, null, key, message, triggeredAt), now)
                ? 1 : 0;
    }
}
