package no.varde.platform.alertbench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import no.varde.storage.Migrations;
import no.varde.testsupport.TestDatabase;
import no.varde.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;

/** How the probes turn the platform's own rows into publish → alert latencies (real PostgreSQL, rows as alerting writes them). */
class EndToEndProbesTest {
    private static final Instant PUBLISHED = Instant.parse("2026-12-03T09:00:00.123Z");

    @Test
    void latencyRunsFromTheReadingThatOpenedTheAnomalyToTheFirstOpenedNotification() throws Exception {
        TestDatabase db = TestInfrastructure.get().newDatabase();
        Migrations.migrate(db.dataSource());
        EndToEndProbes probes = new EndToEndProbes("tcp://127.0.0.1:1", List.of(new EndToEndProbes.Probe("p-0", "x"),
                new EndToEndProbes.Probe("p-1", "x"), new EndToEndProbes.Probe("p-2", "x"), new EndToEndProbes.Probe("p-3", "x"),
                new EndToEndProbes.Probe("p-4", "x")));
        Instant start = PUBLISHED.minusSeconds(180);
        for (String p : List.of("p-0", "p-1", "p-2", "p-4")) {
            // Readings every 5 s from the first below the limit to the all-clear 10 s after the one that opens the anomaly ...
            for (long t = 0; t <= 190_000; t += 5_000) {
                // ... except that p-4's reading due exactly 3 minutes in went out a millisecond early: the next one opened it.
                probes.recordPublished(p, start.toEpochMilli() + t - (p.equals("p-4") && t == 180_000 ? 1 : 0));
            }
        }
        // p-0: two channels notified at 55 and 90 ms (the first counts), delivered at 70 ms; a reminder does not count.
        long alert = alertFor(db, "p-0", start);
        notification(db, alert, "opened", 40, 55, 70L);
        notification(db, alert, "opened", 40, 90, null);
        notification(db, alert, "reminder", 40, 20, 21L);
        // p-1: the alert exists but nothing was written to the outbox yet.
        alertFor(db, "p-1", start);
        // p-2: an anomaly not begun by one of its readings: not a measurement.
        notification(db, alertFor(db, "p-2", start.plusMillis(7)), "opened", 1, 2, 3L);
        // p-3: nothing at all. p-4: opened by the reading 5 s after PUBLISHED.
        notification(db, alertFor(db, "p-4", start), "opened", 5_030, 5_045, 5_050L);

        List<EndToEndProbes.Sample> samples = probes.collect(db.jdbcUrl(), null, null, Duration.ZERO);

        assertThat(samples).hasSize(5);
        assertThat(samples.get(0).toNotificationMs()).isCloseTo(55, within(0.01));
        assertThat(samples.get(0).toDeliveredMs()).isCloseTo(70, within(0.01));
        assertThat(samples.get(1).toNotificationMs()).isNaN();
        assertThat(samples.subList(2, 4)).allSatisfy(s -> assertThat(s.toNotificationMs()).isNaN());
        assertThat(samples.get(4).toNotificationMs()).isCloseTo(45, within(0.01));
        ProbeSummary summary = ProbeSummary.of(samples);
        assertThat(summary.measured()).isEqualTo(2);
        assertThat(summary.notification().p50()).isCloseTo(45, within(0.01));
        assertThat(summary.notification().p99()).isCloseTo(55, within(0.01));
        assertThat(summary.format()).contains("publish -> first notification row").contains("5 probes, 2 with a notification");
        assertThat(summary.json(samples).getJsonArray("samples").getJsonObject(1).getValue("toNotificationMs")).isNull();
    }

    @Test
    void percentilesAreNearestRankOverTheProbesMeasured() {
        double[] hundred = new double[100];
        for (int i = 0; i < 100; i++) {
            hundred[i] = i + 1;
        }
        assertThat(ProbeSummary.rank(hundred, 50)).isEqualTo(50);
        assertThat(ProbeSummary.rank(hundred, 99)).isEqualTo(99);
        assertThat(ProbeSummary.rank(new double[] {3, 5, 8}, 99)).isEqualTo(8);
        assertThat(ProbeSummary.rank(new double[0], 99)).isNaN();
    }

    @Test
    void probeStartsSpreadOverTheMeasuredTimeSoTheLastAlertIsDueInsideIt() {
        Duration measured = Duration.ofMinutes(5);
        Duration spacing = EndToEndProbes.spacing(measured, 100);
        assertThat(spacing).isEqualTo(Duration.ofMillis(1010));
        assertThat(EndToEndProbes.lastReadingAt(Duration.ZERO, spacing, 100)).isBetween(Duration.ofSeconds(280), measured);
        // Too many probes for the time: never closer than a second apart.
        assertThat(EndToEndProbes.spacing(measured, 1000)).isEqualTo(Duration.ofSeconds(1));
        Duration wide = EndToEndProbes.spacing(Duration.ofMinutes(10), 21);
        assertThat(EndToEndProbes.lastReadingAt(Duration.ZERO, wide, 21)).isLessThanOrEqualTo(Duration.ofMinutes(10));
        assertThat(wide).isGreaterThan(Duration.ofSeconds(15));
    }

    @Test
    void probesWhoseBreachCompletesAfterTheLoadAreCounted() {
        Duration warmup = Duration.ofMinutes(1);
        // 100 probes over 4 minutes: a second apart (the floor), so the last 39 complete their 3 minutes after the load.
        Duration fourMinutes = Duration.ofMinutes(4);
        Duration tight = EndToEndProbes.spacing(fourMinutes, 100);
        assertThat(EndToEndProbes.completingAfter(warmup.plus(fourMinutes), warmup, tight, 100)).isEqualTo(39);
        // Over 5 minutes they fit.
        Duration fiveMinutes = Duration.ofMinutes(5);
        assertThat(EndToEndProbes.completingAfter(warmup.plus(fiveMinutes), warmup, EndToEndProbes.spacing(fiveMinutes, 100), 100))
                .isZero();
    }

    @Test
    void aRunShorterThanTheProbesWaitsForTheLastProbesAlertNotJustTheMargin() {
        Instant now = PUBLISHED;
        Duration margin = Duration.ofSeconds(60);
        assertThat(EndToEndProbes.patience(now.plusSeconds(80), now, margin)).isEqualTo(Duration.ofSeconds(140));
        assertThat(EndToEndProbes.patience(now.minusSeconds(5), now, margin)).as("due already: the margin").isEqualTo(margin);
    }

    /** An anomaly begun by the reading at {@code start}, closed 190 s later by the all-clear (its last revision), and its alert. */
    private static long alertFor(TestDatabase db, String device, Instant start) throws Exception {
        UUID anomaly = UUID.randomUUID();
        update(db, "INSERT INTO anomalies (id, kind, severity, status, domain, zone, device_ids, metric, started_at, updated_at, "
                + "explanation) VALUES (?, 'limit', 'critical', 'closed', 'water', ?, ARRAY[?]::text[], 'water.pressure', ?, ?, 'below')",
                anomaly, device, device, java.sql.Timestamp.from(start), java.sql.Timestamp.from(start.plusSeconds(190)));
        long alert = queryLong(db, "INSERT INTO alerts (group_key, first_anomaly_id, domain, zone, severity, state, title, summary, "
                + "opened_at, updated_at) VALUES (?, ?, 'water', ?, 'critical', 'open', 't', 's', now(), now()) RETURNING id", "water/" + device, anomaly, device);
        update(db, "INSERT INTO alert_anomalies (alert_id, anomaly_id) VALUES (?, ?)", alert, anomaly);
        return alert;
    }

    private static void notification(TestDatabase db, long alert, String purpose, long triggeredMs, long createdMs, Long sentMs) throws Exception {
        update(db, "INSERT INTO notifications (alert_id, purpose, channel, recipient, dedupe_key, message, next_attempt_at, "
                + "triggered_at, created_at, sent_at) VALUES (?, ?, 'file', 'on-call', ?, '{}'::jsonb, now(), ?, ?, ?)", alert, purpose,
                UUID.randomUUID().toString(), at(triggeredMs), at(createdMs), sentMs == null ? null : at(sentMs));
    }

    private static void update(TestDatabase db, String sql, Object... args) throws Exception {
        try (java.sql.Connection c = db.dataSource().getConnection(); java.sql.PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            st.executeUpdate();
        }
    }

    private static long queryLong(TestDatabase db, String sql, Object... args) throws Exception {
        try (java.sql.Connection c = db.dataSource().getConnection(); java.sql.PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            try (java.sql.ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static java.sql.Timestamp at(long afterPublishMs) {
        return java.sql.Timestamp.from(PUBLISHED.plusMillis(afterPublishMs));
    }
}
