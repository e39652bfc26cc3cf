package no.varde.alerting.lifecycle;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import no.varde.alerting.AlertingException;
import no.varde.alerting.outbox.Outbox;
import no.varde.alerting.residents.ResidentWarnings;
import no.varde.model.Domain;

/**
 * What people do to alerts: acknowledge, resolve, comment, assign, and confirm a water-supply
 * alert for residents. Each is one transaction that locks the alert row, records who did what in
 * the audit trail, and writes the notifications it causes to the outbox.
 */
public final class AlertActions {
    private static final List<String> UNNEEDED_AFTER_ACK = List.of("reminder", "escalated");

    private final DataSource db;
    private final AlertStore store;
    private final Notifier notifier;
    private final ResidentWarnings residents;
    private final Outbox outbox;
    private final Clock clock;

    public AlertActions(DataSource db, AlertStore store, Notifier notifier, ResidentWarnings residents, Outbox outbox, Clock clock) {
        this.db = db;
        this.store = store;
        this.notifier = notifier;
        this.residents = residents;
        this.outbox = outbox;
        this.clock = clock;
    }

    public AlertRow acknowledge(long id, String by) throws SQLException {
        return inTransaction(id, by, (c, alert, now) -> {
            if (!alert.isOpen()) {
                throw AlertingException.conflict("alert " + id + " is already " + alert.state()
                        + (alert.acknowledgedBy() == null ? "" : " (acknowledged by " + alert.acknowledgedBy() + ")"));
            }
            store.set(c, id, now, "state = 'acknowledged', acknowledged_at = ?, acknowledged_by = ?, assignee = coalesce(assignee, ?)",
                    now, by, by);
            int cancelled = outbox.cancelPending(c, id, UNNEEDED_AFTER_ACK);
            store.event(c, id, by, "acknowledged", now, Map.of("cancelled_notifications", cancelled));
        });
    }

    /** What the person resolving says the alert was; counted in the console's gains report. */
    public static final String OUTCOME_PROBLEM = "problem";
    public static final String OUTCOME_FALSE_ALARM = "false_alarm";

    public AlertRow resolve(long id, String by, String comment) throws SQLException {
        return resolve(id, by, comment, null);
    }

    /** @param outcome {@link #OUTCOME_PROBLEM}, {@link #OUTCOME_FALSE_ALARM}, or null when the person did not say */
    public AlertRow resolve(long id, String by, String comment, String outcome) throws SQLException {
        if (outcome != null && !OUTCOME_PROBLEM.equals(outcome) && !OUTCOME_FALSE_ALARM.equals(outcome)) {
            throw AlertingException.badRequest("'outcome' is " + OUTCOME_PROBLEM + " or " + OUTCOME_FALSE_ALARM + ", not " + outcome);
        }
        return inTransaction(id, by, (c, alert, now) -> {
            if (alert.isResolved()) {
                throw AlertingException.conflict("alert " + id + " is already resolved (by " + alert.resolvedBy() + ")");
            }
            resolve(c, alert, by, comment, outcome, now);
        });
    }

    /** Resolves inside the caller's transaction (also used by the clock's auto-resolve). */
    void resolve(Connection c, AlertRow alert, String by, String comment, Instant now) throws SQLException {
        resolve(c, alert, by, comment, null, now);
    }

    private void resolve(Connection c, AlertRow alert, String by, String comment, String outcome, Instant now) throws SQLException {
        store.set(c, alert.id(), now, "state = 'resolved', resolved_at = ?, resolved_by = ?", now, by);
        Map<String, Object> d = new LinkedHashMap<>();
        if (comment != null) {
            d.put("comment", comment);
        }
        if (outcome != null) {
            d.put("outcome", outcome);
        }
        store.event(c, alert.id(), by, "resolved", now, d);
        outbox.cancelPending(c, alert.id(), UNNEEDED_AFTER_ACK);
        AlertRow resolved = store.find(c, alert.id()).orElseThrow();
        notifier.notify(c, resolved, "resolved", "", Notifier.Audience.NO_SMS, now, now, comment == null ? null : Map.of("comment", comment));
        if (alert.confirmedForResidents()) {
            int n = residents.allClear(c, resolved, now);
            store.event(c, alert.id(), "system", "notified", now, Map.of("purpose", "resident_all_clear", "residents", n));
        }
    }

    public AlertRow comment(long id, String by, String text) throws SQLException {
        if (text == null || text.isBlank()) {
            throw AlertingException.badRequest("a comment needs 'text'");
        }
        return inTransaction(id, by, (c, alert, now) -> store.event(c, id, by, "commented", now, Map.of("text", text)));
    }

    public AlertRow assign(long id, String by, String assignee) throws SQLException {
        if (assignee == null || assignee.isBlank()) {
            throw AlertingException.badRequest("'assignee' is required");
        }
        return inTransaction(id, by, (c, alert, now) -> {
            store.set(c, id, now, "assignee = ?", assignee);
            store.event(c, id, by, "updated", now, Map.of("assignee", assignee));
        });
    }

    /**
     * An engineer confirms that a water-supply alert affects residents: the zone's subscribers are
     * warned. Never automatic, only for water alerts with a zone, and only once per alert.
     */
    public AlertRow confirmForResidents(long id, String by, Map<String, String> notes) throws SQLException {
        return inTransaction(id, by, (c, alert, now) -> {
            if (alert.domain() != Domain.WATER || alert.zone() == null) {
                throw AlertingException.conflict("only water-supply alerts with a zone can warn residents");
            }
            if (alert.isResolved()) {
                throw AlertingException.conflict("alert " + id + " is resolved; there is nothing to warn about");
            }
            if (alert.confirmedForResidents()) {
                throw AlertingException.conflict("residents of zone " + alert.zone() + " were already warned about alert " + id);
            }
            store.set(c, id, now, "confirmed_for_residents = true");
            int n = residents.warn(c, store.find(c, id).orElseThrow(), notes, now);
            store.event(c, id, by, "confirmed", now, Map.of("zone", alert.zone(), "residents", n));
        });
    }

    private interface Change {
        void apply(Connection c, AlertRow alert, Instant now) throws SQLException;
    }

    private AlertRow inTransaction(long id, String by, Change change) throws SQLException {
        if (by == null || by.isBlank()) {
            throw AlertingException.badRequest("say who you are: 'by' is required");
        }
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                AlertRow alert = store.lock(c, id).orElseThrow(() -> AlertingException.notFound("no alert " + id));
                change.apply(c, alert, clock.instant());
                AlertRow after = store.find(c, id).orElseThrow();
                c.commit();
                return after;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }
}
