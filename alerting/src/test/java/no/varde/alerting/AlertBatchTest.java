package no.varde.alerting;

import static no.varde.alerting.AlertingHarness.anomaly;
import static no.varde.alerting.AlertingHarness.await;
import static no.varde.alerting.AlertingHarness.quietly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import no.varde.alerting.lifecycle.AlertEngine;
import no.varde.alerting.lifecycle.AlertEngine.Incoming;
import no.varde.alerting.lifecycle.AlertEngine.Outcome;
import no.varde.alerting.lifecycle.AlertStore;
import no.varde.alerting.lifecycle.GroupKey;
import no.varde.model.Domain;
import no.varde.model.anomaly.Anomaly;
import no.varde.model.anomaly.AnomalyKind;
import no.varde.model.anomaly.Severity;
import no.varde.testsupport.Sql;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Alerting takes a poll's reports in one transaction: all of them or none, and a batch handed in
 * again after a failure changes nothing it had already done. The database's refusal is real: a
 * trigger that raises an error when one chosen anomaly is stored.
 *
 * <p>A poll takes its locks in the order every writer takes them, whatever order its reports came
 * in: anomaly rows by id (as the stream job's sink does), group locks by key (as a second alerting
 * instance does). Those tests hold the lock that comes last in that order, hand in a poll whose
 * first report needs it, and look, while the poll waits, at whether the lock that comes first was
 * taken already. Taken in arrival order, the poll would wait before taking it, and a writer going
 * the other way round would deadlock with it.
 */
class AlertBatchTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private AlertingHarness h;

    @BeforeEach
    void start() throws Exception {
        h = new AlertingHarness().start("alerting-" + System.nanoTime());
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void aBatchCommitsOrRollsBackAsOneAndHandedInAgainChangesNothing() throws Exception {
        List<Incoming> batch = silences(3, "nord-b");
        refuse(batch.get(2).anomaly().id());
        AlertEngine engine = h.service.engine();

        assertThatThrownBy(() -> engine.onAnomalies(batch)).isInstanceOf(SQLException.class).hasMessageContaining("refused for the test");
        assertThat(h.count("SELECT count(*) FROM anomalies")).as("nothing of the failed batch is kept").isZero();
        assertThat(h.count("SELECT count(*) FROM alerts")).isZero();
        assertThat(h.count("SELECT count(*) FROM notifications")).isZero();

        allow();
        assertThat(engine.onAnomalies(batch)).containsExactly(Outcome.OPENED, Outcome.GROUPED, Outcome.GROUPED);
        long notifications = h.count("SELECT count(*) FROM notifications");
        assertThat(notifications).isPositive();
        assertThat(engine.onAnomalies(batch)).containsExactly(Outcome.STALE, Outcome.STALE, Outcome.STALE);
        assertThat(h.count("SELECT count(*) FROM alerts")).isEqualTo(1);
        assertThat(h.count("SELECT occurrences FROM alerts")).isEqualTo(3);
        assertThat(h.count("SELECT count(*) FROM notifications")).isEqualTo(notifications);
    }

    @Test
    void theFeedRetriesARefusedPollAndDeliversEveryReportOnceWhenTheDatabaseTakesItAgain() throws Exception {
        List<Incoming> reports = silences(40, "nord-f");
        Anomaly refused = reports.get(25).anomaly();
        refuse(refused.id());
        h.send(reports.stream().map(Incoming::anomaly).toArray(Anomaly[]::new));

        // The feed is stuck on the poll holding the refused report, retrying it: that report is not stored.
        Thread.sleep(1500);
        assertThat(h.count("SELECT count(*) FROM anomalies WHERE id = '" + refused.id() + "'")).isZero();
        assertThat(h.count("SELECT count(*) FROM anomalies")).isLessThan(40);

        allow();
        await("all 40 in one alert", WAIT, quietly(() -> h.count("SELECT coalesce(max(occurrences), 0) FROM alerts") == 40));
        await("the opening message", WAIT, () -> h.receiver.at("/hook").size() == 1);
        assertThat(h.count("SELECT count(*) FROM alerts")).isEqualTo(1);
        assertThat(h.count("SELECT count(*) FROM notifications WHERE purpose = 'opened' AND channel = 'hook'")).isEqualTo(1);
        Thread.sleep(300);
        assertThat(h.receiver.at("/hook")).hasSize(1);
    }

    @Test
    void aChannelRecordsItsDeliveryWhileAnotherTransactionHoldsTheAlert() throws Exception {
        h.receiver.mode("/hook", HttpReceiver.Mode.FAIL);
        h.send(silences(1, "nord-l").get(0).anomaly());
        await("the webhook's first attempt fails", WAIT, quietly(() -> h.count(
                "SELECT count(*) FROM notifications WHERE channel = 'hook' AND attempts >= 1 AND last_error IS NOT NULL") == 1));
        long alertId = h.count("SELECT id FROM alerts");

        // The feed (or the clock, or an engineer's acknowledgement) holds the alert while a retry goes out.
        try (Connection held = h.db.getConnection()) {
            held.setAutoCommit(false);
            assertThat(h.service.store().lock(held, alertId)).isPresent();
            h.receiver.mode("/hook", HttpReceiver.Mode.OK);
            h.clock.advance(Duration.ofSeconds(5));
            await("the delivery and its audit event are stored without waiting for the lock", WAIT, quietly(() -> h.count(
                    "SELECT count(*) FROM notifications WHERE channel = 'hook' AND status = 'sent'") == 1));
            assertThat(h.count("SELECT count(*) FROM alert_events WHERE action = 'notified' AND actor = 'channel:hook'")).isEqualTo(1);
            held.rollback();
        }
    }

    /**
     * An alert goes quiet when alerting has heard the last of its anomalies close, in the feed's
     * order: the stream job storing a closing revision ahead of alerting does not start the quiet
     * period early (the open flag lives on the alert's link, V21, not in anomalies.status).
     */
    @Test
    void anAlertGoesQuietWhenAlertingHasHeardItsLastAnomalyClose() throws Exception {
        List<Incoming> opened = silences(2, "nord-q");
        Anomaly a = opened.get(0).anomaly();
        Anomaly b = opened.get(1).anomaly();
        AlertEngine engine = h.service.engine();
        assertThat(engine.onAnomalies(opened)).containsExactly(Outcome.OPENED, Outcome.GROUPED);
        Anomaly bClosed = b.close(b.startedAt().plusSeconds(40), "back");
        h.storeAsTheStreamJob(bClosed);

        assertThat(engine.onAnomalies(List.of(new Incoming(a.close(a.startedAt().plusSeconds(30), "back"), Instant.now()))))
                .containsExactly(Outcome.UPDATED);
        assertThat(h.count("SELECT count(*) FROM alerts WHERE quiet_since IS NULL")).as("b is open as far as alerting has heard").isEqualTo(1);

        assertThat(engine.onAnomalies(List.of(new Incoming(bClosed, Instant.now())))).containsExactly(Outcome.UPDATED);
        assertThat(h.count("SELECT count(*) FROM alerts WHERE quiet_since IS NOT NULL")).isEqualTo(1);

        Anomaly c = silences(3, "nord-q").get(2).anomaly();   // a third device falls silent: the alert is no longer quiet
        assertThat(engine.onAnomalies(List.of(new Incoming(c, Instant.now())))).containsExactly(Outcome.GROUPED);
        assertThat(h.count("SELECT count(*) FROM alerts WHERE quiet_since IS NULL")).isEqualTo(1);
        assertThat(h.count("SELECT count(*) FROM alert_anomalies WHERE open")).isEqualTo(1);
    }

    /** A poll's locking stores each anomaly's earliest revision; its later ones are stored as they are applied. */
    @Test
    void aPollWithTwoRevisionsOfOneAnomalyOpensItsAlertThenUpdatesIt() throws Exception {
        Anomaly opened = silences(1, "nord-t").get(0).anomaly();
        Anomaly closed = opened.close(opened.startedAt().plusSeconds(30), "back");
        assertThat(h.service.engine().onAnomalies(List.of(new Incoming(opened, Instant.now()), new Incoming(closed, Instant.now()))))
                .containsExactly(Outcome.OPENED, Outcome.UPDATED);
        assertThat(h.text("SELECT status || ' ' || (details ->> 'revision') || ' ' || alerted_revision FROM anomalies")).isEqualTo("closed 1 1");
        assertThat(h.count("SELECT count(*) FROM alerts WHERE quiet_since IS NOT NULL")).isEqualTo(1);
    }

    @Test
    void aPollTakesItsAnomalyRowsInIdOrderWhateverOrderItsReportsCameIn() throws Exception {
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<Anomaly> byId = List.of(silence("nord-r-01", "Nord", t0), silence("nord-r-02", "Nord", t0)).stream()
                .sorted(Comparator.comparing(Anomaly::id)).toList();
        Anomaly first = byId.get(0);
        Anomaly last = byId.get(1);
        h.storeAsTheStreamJob(first);
        h.storeAsTheStreamJob(last);

        try (Connection held = h.db.getConnection(); Statement s = held.createStatement()) {
            held.setAutoCommit(false);
            s.executeQuery("SELECT 1 FROM anomalies WHERE id = '" + last.id() + "' FOR UPDATE").close();
            CompletableFuture<List<Outcome>> poll = handIn(later(last), later(first));
            Sql.awaitALockWait(h.db, WAIT);
            assertThat(Sql.rowLockedElsewhere(h.db, "SELECT 1 FROM anomalies WHERE id = '" + first.id() + "'"))
                    .as("the row first in id order is taken before the poll waits for the last").isTrue();
            held.rollback();
            assertThat(poll.get(WAIT.toSeconds(), TimeUnit.SECONDS)).containsExactly(Outcome.OPENED, Outcome.GROUPED);
        }
        assertThat(h.count("SELECT min((details ->> 'revision')::int) FROM anomalies")).isEqualTo(1);
    }

    @Test
    void aPollTakesItsGroupLocksInKeyOrderWhateverOrderItsReportsCameIn() throws Exception {
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<Anomaly> byGroupLock = List.of(silence("nord-g-01", "Nord", t0), silence("sor-g-01", "Sør", t0)).stream()
                .sorted(Comparator.comparingLong(a -> AlertStore.groupLockKey(GroupKey.of(a)))).toList();
        long firstKey = AlertStore.groupLockKey(GroupKey.of(byGroupLock.get(0)));
        long lastKey = AlertStore.groupLockKey(GroupKey.of(byGroupLock.get(1)));
        assertThat(firstKey).isNotEqualTo(lastKey);

        try (Connection held = h.db.getConnection(); Statement s = held.createStatement()) {
            held.setAutoCommit(false);
            s.executeQuery("SELECT pg_advisory_xact_lock(" + lastKey + ")").close();
            CompletableFuture<List<Outcome>> poll = handIn(byGroupLock.get(1), byGroupLock.get(0));
            Sql.awaitALockWait(h.db, WAIT);
            assertThat(Sql.advisoryLockedElsewhere(h.db, firstKey))
                    .as("the group first in key order is locked before the poll waits for the last").isTrue();
            held.rollback();
            assertThat(poll.get(WAIT.toSeconds(), TimeUnit.SECONDS)).containsExactly(Outcome.OPENED, Outcome.OPENED);
        }
    }

    private CompletableFuture<List<Outcome>> handIn(Anomaly... reports) {
        AlertEngine engine = h.service.engine();
        List<Incoming> poll = Arrays.stream(reports).map(a -> new Incoming(a, Instant.now())).toList();
        return CompletableFuture.supplyAsync(() -> {
            try {
                return engine.onAnomalies(poll);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static Anomaly silence(String device, String zone, Instant start) {
        return anomaly(AnomalyKind.SILENCE, Severity.WARNING, Domain.WATER, zone, device, null, Double.NaN, Double.NaN, Double.NaN, start);
    }

    /** The anomaly's next report: what the stream job sends while it lasts. */
    private static Anomaly later(Anomaly a) {
        return a.update(a.severity(), a.score(), a.observed(), a.expectedLow(), a.expectedHigh(), a.startedAt().plusSeconds(10), a.explanation());
    }

    private static List<Incoming> silences(int n, String devicePrefix) {
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return IntStream.rangeClosed(1, n).mapToObj(i -> new Incoming(anomaly(AnomalyKind.SILENCE, Severity.WARNING, Domain.WATER, "Nord",
                devicePrefix + "-%02d".formatted(i), null, Double.NaN, Double.NaN, Double.NaN, t0.plusMillis(i)), t0)).toList();
    }

    /** Storing {@code id} fails from now on, as a database refusing one row mid-batch would. */
    private void refuse(UUID id) throws Exception {
        execute("CREATE FUNCTION varde_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused for the test'; END $$");
        execute("CREATE TRIGGER varde_test_refuse BEFORE INSERT ON anomalies FOR EACH ROW WHEN (NEW.id = '" + id + "') "
                + "EXECUTE FUNCTION varde_test_refuse()");
    }

    private void allow() throws Exception {
        execute("DROP TRIGGER varde_test_refuse ON anomalies");
    }

    private void execute(String sql) throws Exception {
        try (Connection c = h.db.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
