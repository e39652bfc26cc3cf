package no.varde.alerting.lifecycle;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import no.varde.alerting.config.AlertingConfig;
import no.varde.alerting.rota.OnCallRota;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to alerts as time passes, checked every tick from the rows alone (so a restart
 * loses no timer): auto-resolve after the quiet period, escalation to the next rota level when an
 * alert stays unacknowledged, a grouped follow-up when the count grew, and reminders.
 */
public final class AlertClock {
    private static final Logger LOG = LoggerFactory.getLogger(AlertClock.class);

    private final DataSource db;
    private final AlertStore store;
    private final Notifier notifier;
    private final AlertActions actions;
    private final AlertingConfig config;
    private final Clock clock;

    public AlertClock(DataSource db, AlertStore store, Notifier notifier, AlertActions actions, AlertingConfig config, Clock clock) {
        this.db = db;
        this.store = store;
        this.notifier = notifier;
        this.actions = actions;
        this.config = config;
        this.clock = clock;
    }

    /** One pass over the unresolved alerts; returns how many changed. */
    public int tick() throws SQLException {
        List<AlertRow> alerts;
        try (Connection c = db.getConnection()) {
            alerts = store.unresolved(c);
        }
        int changed = 0;
        for (AlertRow a : alerts) {
            if (due(a, clock.instant()) != null) {
                changed += act(a.id()) ? 1 : 0;
            }
        }
        return changed;
    }

    private enum Due { RESOLVE, ESCALATE, GROUPED, REMIND }

    private Due due(AlertRow a, Instant now) {
        if (a.quietSince() != null && !a.quietSince().plus(config.timing().resolveAfter()).isAfter(now)) {
            return Due.RESOLVE;
        }
        if (!a.isOpen()) {
            return null;
        }
        Optional<OnCallRota.DomainRota> rota = config.rota().domain(a.domain());
        // Only alerts someone was told about climb the rota (info alerts routed nowhere stay on the dashboard).
        if (rota.isPresent() && a.lastNotifiedAt() != null && a.escalationLevel() + 1 < rota.get().levels().size() && a.levelSince() != null
                && !a.levelSince().plus(rota.get().escalateAfter()).isAfter(now)) {
            return Due.ESCALATE;
        }
        Instant last = a.lastNotifiedAt() == null ? a.openedAt() : a.lastNotifiedAt();
        if (a.occurrences() > a.notifiedOccurrences() && !last.plus(config.timing().groupInterval()).isAfter(now)) {
            return Due.GROUPED;
        }
        if (a.lastNotifiedAt() != null && !a.lastNotifiedAt().plus(config.timing().reminderInterval()).isAfter(now)) {
            return Due.REMIND;
        }
        return null;
    }

    private boolean act(long id) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                Instant now = clock.instant();
                Optional<AlertRow> locked = store.lock(c, id);
                Due due = locked.filter(a -> !a.isResolved()).map(a -> due(a, now)).orElse(null);
                if (due == null) {
                    c.rollback();
                    return false;   // someone acknowledged or resolved it meanwhile
                }
                AlertRow a = locked.get();
                switch (due) {
                    case RESOLVE -> actions.resolve(c, a, "system", "all anomalies closed for " + human(config.timing().resolveAfter()), now);
                    case ESCALATE -> escalate(c, a, now);
                    case GROUPED -> {
                        if (notifier.notify(c, a, "grouped", Integer.toString(a.occurrences()), Notifier.Audience.ALL, now, now, null) > 0) {
                            store.set(c, id, now, "notified_occurrences = ?, last_notified_at = ?", a.occurrences(), now);
                        } else {
                            // Routed nowhere (an info alert): nobody was told, so it must not start reminders or escalation.
                            store.set(c, id, now, "notified_occurrences = ?", a.occurrences());
                        }
                    }
                    case REMIND -> {
                        int n = a.remindersSent() + 1;
                        notifier.notify(c, a, "reminder", Integer.toString(n), Notifier.Audience.ONCALL, now, now,
                                Map.of("reminder", n));
                        store.set(c, id, now, "reminders_sent = ?, last_notified_at = ?", n, now);
                        store.event(c, id, "system", "reminded", now, Map.of("reminder", n));
                    }
                }
                c.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private void escalate(Connection c, AlertRow a, Instant now) throws SQLException {
        int level = a.escalationLevel() + 1;
        store.set(c, a.id(), now, "escalation_level = ?, level_since = ?, last_notified_at = ?", level, now, now);
        AlertRow escalated = store.find(c, a.id()).orElseThrow();
        String levelName = config.rota().domain(a.domain()).orElseThrow().levels().get(level).name();
        List<String> who = config.rota().onCall(a.domain(), level, now).stream().map(p -> p.id()).toList();
        store.event(c, a.id(), "system", "escalated", now, Map.of("level", level, "level_name", levelName, "on_call", who));
        notifier.notify(c, escalated, "escalated", Integer.toString(level), Notifier.Audience.ALL, now, now,
                Map.of("level_name", levelName, "unacknowledged_for", human(Duration.between(a.openedAt(), now))));
        LOG.info("Alert {} escalated to level {} ({})", a.id(), level, levelName);
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        return s < 120 ? s + " s" : s < 7200 ? (s / 60) + " min" : (s / 3600) + " h";
    }
}
