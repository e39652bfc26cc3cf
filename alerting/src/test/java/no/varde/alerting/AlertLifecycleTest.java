package no.varde.alerting;

import static no.varde.alerting.AlertingHarness.anomaly;
import static no.varde.alerting.AlertingHarness.await;
import static no.varde.alerting.AlertingHarness.quietly;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import no.varde.model.Domain;
import no.varde.model.anomaly.Anomaly;
import no.varde.model.anomaly.AnomalyKind;
import no.varde.model.anomaly.Severity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The alert lifecycle end to end on real parts: anomaly reports on Kafka, PostgreSQL, GreenMail,
 * a local SMS gateway and webhook receivers.
 */
class AlertLifecycleTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private AlertingHarness h;

    private final String group = "alerting-" + System.nanoTime();

    @BeforeEach
    void start() throws Exception {
        h = new AlertingHarness().start(group);
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void aStormOfFortySilentDevicesIsOneAlertAndOneGroupedFollowUp() throws Exception {
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (int i = 1; i <= 40; i++) {
            h.send(anomaly(AnomalyKind.SILENCE, Severity.WARNING, Domain.WATER, "Nord", "nord-%02d".formatted(i), null,
                    Double.NaN, Double.NaN, Double.NaN, t0.plusMillis(i)));
        }
        await("40 anomalies in one alert", WAIT, quietly(() -> h.count("SELECT coalesce(max(occurrences), 0) FROM alerts") == 40));
        assertThat(h.count("SELECT count(*) FROM alerts")).isEqualTo(1);
        await("the opening message", WAIT, () -> h.receiver.at("/hook").size() == 1 && h.receiver.at("/teams").size() == 1);

        h.clock.advance(Duration.ofSeconds(61));
        assertThat(h.service.clock().tick()).isEqualTo(1);
        await("one grouped follow-up per target", WAIT, () -> h.receiver.at("/hook").size() == 2 && h.receiver.at("/teams").size() == 2
                && h.receiver.at("/sms").size() == 2 && h.mail.getReceivedMessages().length == 2);
        JsonObject grouped = h.receiver.at("/hook").get(1).json();
        assertThat(grouped.getString("purpose")).isEqualTo("grouped");
        assertThat(grouped.getJsonObject("alert").getInteger("occurrences")).isEqualTo(40);
        assertThat(grouped.getJsonObject("alert").getInteger("device_count")).isEqualTo(40);
        assertThat(grouped.getString("headline")).contains("40 anomalies, 40 devices").contains("Devices silent in zone Nord");
        // Teams gets an Adaptive Card; the SMS names the count and carries a signed acknowledge link.
        JsonObject card = h.receiver.at("/teams").get(1).json().getJsonArray("attachments").getJsonObject(0).getJsonObject("content");
        assertThat(card.getString("type")).isEqualTo("AdaptiveCard");
        assertThat(card.getJsonArray("actions").getJsonObject(0).getString("url")).contains("/alerts/").contains("sig=");
        assertThat(h.receiver.at("/sms").get(1).json().getString("message")).contains("40 anomalies").contains("Ack: http");
        assertThat(h.receiver.at("/sms").get(1).json().getString("to")).isEqualTo("+4790000001");

        // Nothing more grew: the next tick sends nothing.
        h.clock.advance(Duration.ofSeconds(61));
        assertThat(h.service.clock().tick()).isZero();
        Thread.sleep(300);
        assertThat(h.receiver.at("/hook")).hasSize(2);
    }

    @Test
    void anUnacknowledgedAlertEscalatesToTheNextLevelAndRemindsUntilAcknowledged() throws Exception {
        Instant t0 = Instant.now();
        h.send(anomaly(AnomalyKind.LIMIT, Severity.CRITICAL, Domain.WATER, "Sør", "sor-p1", "water.pressure", 1.4, 2.0, 6.0, t0));
        await("kari is paged", WAIT, () -> h.receiver.at("/sms").size() == 1);
        assertThat(h.receiver.at("/sms").get(0).json().getString("to")).isEqualTo("+4790000001");
        assertThat(h.receiver.at("/sms").get(0).json().getString("message"))
                .contains("CRITICAL").contains("1.40 bar (expected 2.00–6.00 bar)").contains("zone Sør");

        h.clock.advance(Duration.ofMinutes(14));
        assertThat(h.service.clock().tick()).as("not yet 15 minutes").isZero();
        h.clock.advance(Duration.ofMinutes(2));
        assertThat(h.service.clock().tick()).isEqualTo(1);
        await("the driftsleder is paged", WAIT, () -> h.receiver.at("/sms").size() == 2);
        JsonObject escalated = h.receiver.at("/sms").get(1).json();
        assertThat(escalated.getString("to")).isEqualTo("+4790000005");
        assertThat(escalated.getString("message")).startsWith("[ESCALATED]");
        assertThat(h.text("SELECT details->>'level_name' FROM alert_events WHERE action = 'escalated'")).isEqualTo("driftsleder");

        h.clock.advance(Duration.ofMinutes(31));
        assertThat(h.service.clock().tick()).isEqualTo(1);
        await("a reminder to the driftsleder", WAIT, () -> h.receiver.at("/sms").size() == 3);
        assertThat(h.receiver.at("/sms").get(2).json().getString("message")).startsWith("[REMINDER]");
        assertThat(h.receiver.at("/sms").get(2).json().getString("to")).isEqualTo("+4790000005");

        // The driftsleder acknowledges through the link in the SMS: GET shows a page, POST acknowledges.
        String link = h.receiver.at("/sms").get(2).json().getString("message").replaceAll(".*Ack: (\\S+).*", "$1");
        var client = java.net.http.HttpClient.newHttpClient();
        var page = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(link)).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<button").contains("lang=\"en\"");
        assertThat(h.text("SELECT state FROM alerts")).as("GET changes nothing").isEqualTo("open");
        var post = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(link)).POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(200);
        assertThat(h.text("SELECT state || ' by ' || acknowledged_by FROM alerts")).isEqualTo("acknowledged by leder");
        var tampered = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(link.replace("by=leder", "by=kari")))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(tampered.statusCode()).isEqualTo(403);

        h.clock.advance(Duration.ofMinutes(31));
        assertThat(h.service.clock().tick()).as("no reminder or escalation once acknowledged").isZero();
        assertThat(h.text("SELECT string_agg(action, ',' ORDER BY id) FROM alert_events WHERE actor <> 'channel:email' AND action <> 'notified'"))
                .isEqualTo("created,escalated,reminded,acknowledged");
    }

    @Test
    void aFailingChannelIsRetriedWithBackoffAndAHangingOneBlocksNoOther() throws Exception {
        h.receiver.failFirst("/sms", 2);
        h.receiver.mode("/teams", HttpReceiver.Mode.HANG);
        Instant sent = Instant.now();
        h.send(anomaly(AnomalyKind.LEAK, Severity.CRITICAL, Domain.WATER, "Øst", "ost-f1", "water.flow", 140, 80, 110, sent));

        await("the webhook", WAIT, () -> h.receiver.at("/hook").size() == 1);
        assertThat(Duration.between(sent, h.receiver.at("/hook").get(0).receivedAt()))
                .as("the hanging Teams receiver and the failing gateway do not hold the webhook up").isLessThan(Duration.ofSeconds(2));
        await("e-mail", WAIT, () -> h.mail.getReceivedMessages().length == 1);
        await("SMS after two 503s", WAIT, () -> h.receiver.at("/sms").size() == 3);
        await("recorded as sent on attempt 3", WAIT, quietly(() -> h.count(
                "SELECT count(*) FROM notifications WHERE channel = 'sms' AND status = 'sent' AND attempts = 3") == 1));
        assertThat(h.text("SELECT string_agg(DISTINCT last_error, ',') FROM notifications WHERE channel = 'teams'"))
                .as("Teams timed out and waits for its next attempt").isEqualTo("no answer within 2 s");

        MimeMessage email = h.mail.getReceivedMessages()[0];
        assertThat(email.getAllRecipients()[0].toString()).isEqualTo("kari@kommune.test");
        assertThat(email.getSubject()).isEqualTo("[CRITICAL] Possible leak or burst main in zone Øst (water)");
        String body = (String) email.getContent();
        assertThat(body).contains("flow at ost-f1 is 140.0").contains("Value: 140 m3/h (expected 80.00–110 m3/h)")
                .contains("Dashboard: http://grafana.test/d/varde-alerts?var-zone=Øst").contains("Acknowledge: http://127.0.0.1:");

        // Delivery status is queryable over the API.
        var client = java.net.http.HttpClient.newHttpClient();
        var status = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(h.baseUrl() + "/api/v1/notifications?channel=sms"))
                .header("Authorization", "Bearer " + AlertingHarness.ADMIN_TOKEN).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(status.statusCode()).isEqualTo(200);
        JsonObject n = new JsonObject(status.body()).getJsonArray("notifications").getJsonObject(0);
        assertThat(n.getString("status")).isEqualTo("sent");
        assertThat(n.getInteger("attempts")).isEqualTo(3);
        assertThat(n.getString("recipient")).isEqualTo("person:kari");
    }

    @Test
    void aRestartReplayingEveryAnomalyNotifiesNothingTwiceAndDeliversWhatWasPending() throws Exception {
        h.receiver.mode("/sms", HttpReceiver.Mode.FAIL);
        Instant t0 = Instant.now();
        Anomaly opened = anomaly(AnomalyKind.LIMIT, Severity.CRITICAL, Domain.WATER, "Vest", "vest-p1", "water.pressure", 1.2, 2, 6, t0);
        h.send(opened, anomaly(AnomalyKind.SPIKE, Severity.WARNING, Domain.WATER, "Vest", "vest-t1", "water.turbidity", 9, 0, 1, t0));
        await("both alerts' webhooks", WAIT, () -> h.receiver.at("/hook").size() == 2);
        await("SMS attempts failing", WAIT, () -> h.receiver.at("/sms").size() >= 2);
        h.stop();
        long alerts = h.count("SELECT count(*) FROM alerts");
        long notifications = h.count("SELECT count(*) FROM notifications");

        h.receiver.mode("/sms", HttpReceiver.Mode.OK);
        h.receiver.clear();
        h.start("alerting-replay-" + System.nanoTime());   // a new consumer group: every record on the topic again
        h.send(opened.close(t0.plusSeconds(30), "back above 2 bar"));
        await("the close is processed", WAIT, quietly(() -> h.count("SELECT count(*) FROM alerts WHERE quiet_since IS NOT NULL") == 1));
        await("the pending SMS delivered after the restart", WAIT, () -> h.receiver.at("/sms").size() == 2);
        Thread.sleep(500);
        assertThat(h.count("SELECT count(*) FROM alerts")).isEqualTo(alerts);
        assertThat(h.count("SELECT count(*) FROM notifications")).isEqualTo(notifications);
        assertThat(h.receiver.at("/hook")).as("no webhook sent twice").isEmpty();
        assertThat(h.count("SELECT count(*) FROM notifications WHERE status = 'sent' AND channel = 'sms'")).isEqualTo(2);

        // Five quiet minutes later the alert resolves itself, and the resolution is posted (not texted).
        h.clock.advance(Duration.ofMinutes(6));
        assertThat(h.service.clock().tick()).isEqualTo(1);
        await("resolved message", WAIT, () -> h.receiver.at("/hook").size() == 1);
        assertThat(h.receiver.at("/hook").get(0).json().getString("purpose")).isEqualTo("resolved");
        assertThat(h.text("SELECT resolved_by FROM alerts WHERE state = 'resolved'")).isEqualTo("system");
        Thread.sleep(300);
        assertThat(h.receiver.at("/sms")).as("no SMS for a resolution").hasSize(2);
    }

    /** Found by ClusterFaultTest: the stream job's own JDBC sink stored the report before alerting read it from Kafka. */
    @Test
    void aReportTheStreamJobStoredFirstStillOpensItsAlertAndAReplayOpensNoSecond() throws Exception {
        Anomaly low = anomaly(AnomalyKind.LIMIT, Severity.CRITICAL, Domain.WATER, "Sor", "sor-p1", "water.pressure", 1.2, 2, 6, Instant.now());
        h.storeAsTheStreamJob(low);
        h.send(low);
        await("the alert of a report already stored", WAIT, quietly(() -> h.count("SELECT count(*) FROM alerts WHERE zone = 'Sor'") == 1));
        await("its opening webhook", WAIT, () -> h.receiver.at("/hook").size() == 1);
        h.send(low);   // replayed (at-least-once publish after a restart)
        Thread.sleep(1_000);
        assertThat(h.count("SELECT count(*) FROM alerts WHERE zone = 'Sor'")).isEqualTo(1);
        assertThat(h.receiver.at("/hook")).hasSize(1);
    }

    /**
     * Found by {@code bin/varde bench --probes}: while alerting worked through a storm of 10,000
     * silence reports, the stream job's sink had already stored the closing revision of a critical
     * low-pressure anomaly, so alerting took its opening report for an overtaken one and its closing
     * report for "never open": the breach was never alerted.
     */
    @Test
    void anAnomalyThatClosedBeforeAlertingCaughtUpIsStillAlertedAndResolvesAfterTheHoldDown() throws Exception {
        Anomaly low = anomaly(AnomalyKind.LIMIT, Severity.CRITICAL, Domain.WATER, "Vest", "vest-p1", "water.pressure", 1.5, 2, 6, Instant.now());
        Anomaly cleared = low.close(low.startedAt().plusSeconds(10), "water.pressure at vest-p1 was 1.5 bar; back to 3.0 bar");
        h.storeAsTheStreamJob(cleared);
        h.send(low, cleared);
        await("the alert of a breach that already cleared", WAIT, quietly(() -> h.count("SELECT count(*) FROM alerts WHERE zone = 'Vest'") == 1));
        await("its opening webhook", WAIT, () -> h.receiver.at("/hook").size() == 1);
        assertThat(h.receiver.at("/hook").get(0).json().getString("purpose")).isEqualTo("opened");
        assertThat(h.count("SELECT count(*) FROM alerts WHERE zone = 'Vest' AND quiet_since IS NOT NULL")).as("starts quiet").isEqualTo(1);

        h.send(low, cleared);   // replayed: nothing new
        Thread.sleep(1_000);
        assertThat(h.count("SELECT count(*) FROM alerts WHERE zone = 'Vest'")).isEqualTo(1);
        assertThat(h.receiver.at("/hook")).hasSize(1);

        h.clock.advance(Duration.ofMinutes(6));
        h.service.clock().tick();
        await("resolved after the hold-down", WAIT, quietly(() -> "resolved".equals(h.text("SELECT state FROM alerts WHERE zone = 'Vest'"))));
    }

    @Test
    void flappingAnomaliesKeepOneAlertInsteadOfResolvingAndReopening() throws Exception {
        Instant t0 = Instant.now();
        for (int i = 0; i < 5; i++) {
            Anomaly a = anomaly(AnomalyKind.LIMIT, Severity.WARNING, Domain.WATER, "Nord", "nord-ph", "water.ph", 9.7, 6.5, 9.5,
                    t0.plusSeconds(60L * i));
            h.send(a, a.close(t0.plusSeconds(60L * i + 20), "back in range"));
            h.clock.advance(Duration.ofMinutes(1));
            h.service.clock().tick();
        }
        await("all ten reports", WAIT, quietly(() -> h.count("SELECT count(*) FROM anomalies WHERE status = 'closed'") == 5));
        assertThat(h.count("SELECT count(*) FROM alerts")).isEqualTo(1);
        assertThat(h.text("SELECT state FROM alerts")).isEqualTo("open");
        assertThat(h.count("SELECT count(*) FROM notifications WHERE purpose NOT IN ('opened', 'grouped')"))
                .as("no resolved/reopened churn").isZero();
        assertThat(h.count("SELECT count(*) FROM notifications WHERE purpose = 'opened'")).as("opened once per target").isEqualTo(4);
    }

    @Test
    void twoInstancesShareTheWorkAndSendNothingTwice() throws Exception {
        AlertingService second = h.startAnother(group);
        try {
            Instant t0 = Instant.now();
            for (int i = 0; i < 30; i++) {
                h.send(anomaly(AnomalyKind.LIMIT, Severity.WARNING, Domain.WATER, "Z" + i, "z" + i + "-p", "water.pressure", 1.5, 2, 6, t0));
            }
            for (int i = 0; i < 10; i++) {
                h.send(anomaly(AnomalyKind.LIMIT, Severity.WARNING, Domain.WATER, "Z0", "z0-storm-" + i, "water.pressure", 1.5, 2, 6, t0));
            }
            await("30 opening webhooks", WAIT, () -> h.receiver.at("/hook").size() >= 30);
            await("the storm grouped", WAIT, quietly(() -> h.count("SELECT occurrences FROM alerts WHERE zone = 'Z0'") == 11));
            h.clock.advance(Duration.ofSeconds(61));
            var ticks = java.util.concurrent.Executors.newFixedThreadPool(2);
            var a = ticks.submit(() -> h.service.clock().tick());
            var b = ticks.submit(() -> second.clock().tick());
            assertThat(a.get() + b.get()).as("one grouped follow-up, decided by one instance").isEqualTo(1);
            ticks.shutdown();
            await("the follow-up", WAIT, () -> h.receiver.at("/hook").size() == 31);
            Thread.sleep(1_000);
            assertThat(h.receiver.at("/hook")).hasSize(31);
            assertThat(h.receiver.at("/hook").stream().map(r -> r.json().getJsonObject("alert").getLong("alert_id") + r.json().getString("purpose"))
                    .distinct().count()).isEqualTo(31);
            assertThat(h.count("SELECT count(*) FROM alerts")).isEqualTo(30);
            assertThat(h.count("SELECT count(*) FROM notifications WHERE status = 'sent' AND attempts = 1 AND channel = 'hook'")).isEqualTo(31);
        } finally {
            second.close();
        }
    }

    @Test
    void anInfoAlertRoutedNowhereNeitherEscalatesNorReminds() throws Exception {
        Instant t0 = Instant.now();
        h.send(anomaly(AnomalyKind.STATISTICAL, Severity.INFO, Domain.WATER, "Nord", "nord-f1", "water.flow", 90, 40, 60, t0),
                anomaly(AnomalyKind.STATISTICAL, Severity.INFO, Domain.WATER, "Nord", "nord-f2", "water.flow", 91, 40, 60, t0));
        await("one info alert of two", WAIT, quietly(() -> h.count("SELECT coalesce(max(occurrences), 0) FROM alerts") == 2));
        for (int i = 0; i < 4; i++) {
            h.clock.advance(Duration.ofMinutes(30));
            h.service.clock().tick();
        }
        assertThat(h.text("SELECT escalation_level || ' ' || reminders_sent || ' ' || coalesce(last_notified_at::text, '-') FROM alerts"))
                .isEqualTo("0 0 -");
        assertThat(h.count("SELECT count(*) FROM notifications")).isZero();
        assertThat(h.text("SELECT string_agg(action, ',' ORDER BY id) FROM alert_events")).isEqualTo("created,updated");
    }

    @Test
    void aBrokenRecordIsDeadLetteredAndTheFeedGoesOn() throws Exception {
        h.sendRaw("{\"id\": \"not-a-uuid\"".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        h.send(anomaly(AnomalyKind.FLATLINE, Severity.WARNING, Domain.WATER, "Nord", "nord-l1", "water.reservoir_level", 3, 2, 5, Instant.now()));
        await("the alert behind the broken record", WAIT, quietly(() -> h.count("SELECT count(*) FROM alerts") == 1));
        assertThat(h.text("SELECT reason FROM undecodable_records")).startsWith("not an anomaly report");
        assertThat(h.count("SELECT count(*) FROM undecodable_records")).isEqualTo(1);
    }
}
