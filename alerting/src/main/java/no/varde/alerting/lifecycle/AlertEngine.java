package no.varde.alerting.lifecycle;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import javax.sql.DataSource;
import no.varde.model.anomaly.Anomaly;
import no.varde.model.anomaly.Severity;

/**
 * Anomaly reports in, alert changes out, one transaction per batch of reports (what the feed
 * polled), each report handled in arrival order:
 * <ol>
 * <li>the report is stored (an older or repeated revision stops here: replays change nothing);</li>
 * <li>an anomaly whose first report alerting sees is already closed is alerted like an open one
 *     (alerting fell behind and the stream job stored the closing revision first);</li>
 * <li>an anomaly already part of an alert updates that alert (never a resolved one);</li>
 * <li>a new open anomaly joins the unresolved alert of its group (a storm becomes one alert with a
 *     count) or opens a new alert, which is notified at once;</li>
 * <li>a rise in severity is notified at once; when every anomaly of an alert has closed, it starts
 *     the quiet period after which {@link AlertClock} resolves it.</li>
 * </ol>
 * Every lock the batch needs is taken first, in the order every writer takes it
 * ({@link AlertStore#lockInOrder}): two alerting instances, or alerting and the stream job's sink,
 * would otherwise deadlock over two anomalies taken in opposite orders.
 * The notifications are outbox rows in the same transaction. A batch commits or rolls back as
 * one: a failed batch is handed in again whole, and what it had already stored is then seen again
 * and changes nothing. One transaction per batch rather than per report (a pooled connection, a
 * commit's round trip and log flush each) is what lets alerting keep up with a storm, so a critical
 * report behind thousands of silences waits seconds less (docs/alerting.md, 2026-12-07).
 */
public final class AlertEngine {
    private final DataSource db;
    private final AlertStore store;
    private final Notifier notifier;
    private final Clock clock;

    public AlertEngine(DataSource db, AlertStore store, Notifier notifier, Clock clock) {
        this.db = db;
        this.store = store;
        this.notifier = notifier;
        this.clock = clock;
    }

    /** What one report did, for tests and counters. */
    public enum Outcome { STALE, IGNORED, OPENED, GROUPED, UPDATED }

    /** One anomaly report and when it reached Kafka (the start of its notification's latency). */
    public record Incoming(Anomaly anomaly, Instant triggeredAt) {
    }

    /** Applies {@code reports} in order in one transaction; what each did, in the same order. */
    public List<Outcome> onAnomalies(List<Incoming> reports) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                Map<UUID, Anomaly> earliest = earliestRevisions(reports);
                List<String> groups = reports.stream().map(r -> GroupKey.of(r.anomaly())).toList();
                store.lockInOrder(c, groups, earliest.values());
                List<Outcome> outcomes = new ArrayList<>(reports.size());
                for (int i = 0; i < reports.size(); i++) {
                    Incoming r = reports.get(i);
                    Anomaly a = r.anomaly();
                    outcomes.add(apply(c, a, earliest.get(a.id()) == a, groups.get(i), r.triggeredAt(), clock.instant()));
                }
                c.commit();
                return outcomes;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Of each anomaly in the batch, its earliest revision: what the batch stores of it first. */
    private static Map<UUID, Anomaly> earliestRevisions(List<Incoming> reports) {
        Map<UUID, Anomaly> earliest = new HashMap<>();
        for (Incoming r : reports) {
            earliest.merge(r.anomaly().id(), r.anomaly(), (kept, next) -> next.revision() < kept.revision() ? next : kept);
        }
        return earliest;
    }

    /** Applies one report; {@code stored}: the batch's locking stored this very report (its anomaly's earliest in the batch). */
    private Outcome apply(Connection c, Anomaly a, boolean stored, String groupKey, Instant triggeredAt, Instant now) throws SQLException {
        AlertStore.Report report = store.upsertAnomaly(c, a, stored);
        if (report == AlertStore.Report.STALE) {
            return Outcome.STALE;
        }
        // An anomaly joins an alert only here, in the transaction that marks it acted on: one that
        // alerting never acted on (FIRST) belongs to no alert, and a storm's new anomalies skip the look-up.
        OptionalLong linked = report == AlertStore.Report.FIRST ? OptionalLong.empty() : store.alertOf(c, a.id());
        if (linked.isPresent()) {
            Optional<AlertRow> alert = store.lock(c, linked.getAsLong());
            if (alert.isEmpty() || alert.get().isResolved()) {
                return Outcome.IGNORED;   // resolved by hand while the anomaly went on: its updates do not reopen it
            }
            store.link(c, alert.get().id(), a.id(), a.isOpen());   // already a member: keeps its open flag current
            update(c, alert.get(), a, false, triggeredAt, now);
            return Outcome.UPDATED;
        }
        if (!a.isOpen() && report != AlertStore.Report.FIRST) {
            return Outcome.IGNORED;
        }
        // Open, or closed before alerting saw it open (alerting was behind a storm and the stream job
        // stored the closing revision first): alerted either way. A breach that cleared is still one
        // the engineer must hear of; its alert starts quiet and resolves after the hold-down.
        Optional<AlertRow> existing = store.lockUnresolved(c, groupKey);
        if (existing.isPresent()) {
            store.link(c, existing.get().id(), a.id(), a.isOpen());
            update(c, existing.get(), a, true, triggeredAt, now);
            return Outcome.GROUPED;
        }
        long id = store.insert(c, a, groupKey, Titles.of(a), now);
        store.link(c, id, a.id(), a.isOpen());
        if (!a.isOpen()) {
            store.set(c, id, now, "quiet_since = ?", now);
        }
        store.event(c, id, "system", "created", now, details(a));
        AlertRow alert = store.find(c, id).orElseThrow();
        if (notifier.notify(c, alert, "opened", "", Notifier.Audience.ALL, triggeredAt, now, null) > 0) {
            store.set(c, id, now, "last_notified_at = ?", now);
        }
        return Outcome.OPENED;
    }

    private void update(Connection c, AlertRow alert, Anomaly a, boolean joined, Instant triggeredAt, Instant now) throws SQLException {
        int occurrences = alert.occurrences() + (joined ? 1 : 0);
        Severity severity = alert.severity().max(a.severity());
        Instant quietSince = a.isOpen() ? null : !store.hasOpenAnomalies(c, alert.id()) ? now : null;
        store.set(c, alert.id(), now, "occurrences = ?, severity = ?, summary = ?, quiet_since = ?, last_anomaly_at = ?",
                occurrences, severity.id(), a.explanation(), quietSince == null ? null : java.sql.Timestamp.from(quietSince), now);
        if (joined || severity != alert.severity()) {
            Map<String, Object> d = details(a);
            d.put("occurrences", occurrences);
            d.put("severity", severity.id());
            store.event(c, alert.id(), "system", "updated", now, d);
        }
        Severity notified = alert.notifiedSeverity() == null ? Severity.INFO : alert.notifiedSeverity();
        if (severity.ordinal() > notified.ordinal()) {
            AlertRow raised = store.find(c, alert.id()).orElseThrow();
            notifier.notify(c, raised, "severity", severity.id(), Notifier.Audience.ALL, triggeredAt, now, null);
            store.set(c, alert.id(), now, "notified_severity = ?, last_notified_at = ?", severity.id(), now);
        }
    }

    private static Map<String, Object> details(Anomaly a) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("anomaly", a.id().toString());
        d.put("revision", a.revision());
        d.put("kind", a.kind().id());
        d.put("status", a.isOpen() ? "open" : "closed");
        d.put("devices", a.deviceIds());
        return d;
    }
}
