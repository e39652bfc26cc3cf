package no.varde.alerting;

import static no.varde.alerting.AlertingHarness.anomaly;
import static no.varde.alerting.AlertingHarness.await;
import static no.varde.alerting.AlertingHarness.quietly;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import no.varde.model.Domain;
import no.varde.model.anomaly.AnomalyKind;
import no.varde.model.anomaly.Severity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Residents are warned only after an engineer confirms, in their own written standard, and their numbers stay out of sight. */
class ResidentWarningTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final HttpClient client = HttpClient.newHttpClient();
    private AlertingHarness h;
    private LogCapture logs;

    @BeforeEach
    void start() throws Exception {
        logs = new LogCapture();
        h = new AlertingHarness().start("alerting-" + System.nanoTime());
    }

    @AfterEach
    void stop() {
        h.close();
        logs.close();
    }

    @Test
    void warningsGoOutOnlyAfterConfirmationInBokmalAndNynorskAndAnAllClearFollows() throws Exception {
        JsonObject nordNb = subscribe("sms", "912 34 567", "nb", "Nord");
        subscribe("sms", "+47 480 00 111", "nn", "Nord", "Sør");
        subscribe("email", "Innbygger@Example.NO", "nn", "Nord");
        subscribe("sms", "+4799999999", "nb", "Sør");
        assertThat(nordNb.getString("address")).isEqualTo("+47 •••• •567");
        assertThat(h.count("SELECT count(*) FROM resident_subscriptions WHERE address_sealed::text LIKE '%91234567%'"
                + " OR encode(address_sealed, 'escape') LIKE '%91234567%' OR address_hint LIKE '%91234567%'"))
                .as("no number in clear in the database").isZero();

        h.send(anomaly(AnomalyKind.LIMIT, Severity.CRITICAL, Domain.WATER, "Nord", "nord-p2", "water.pressure", 0.4, 2, 6, Instant.now()));
        await("engineers are told", WAIT, () -> h.receiver.at("/sms").size() == 1 && h.mail.getReceivedMessages().length == 1);
        Thread.sleep(500);
        assertThat(h.receiver.at("/sms")).as("no resident hears of it before an engineer confirms").hasSize(1);
        long alertId = h.count("SELECT id FROM alerts");

        HttpResponse<String> confirmed = post("/api/v1/alerts/" + alertId + "/resident-warning",
                new JsonObject().put("by", "kari").put("note", new JsonObject().put("nb", "Kok vannet før du drikker det.")
                        .put("nn", "Kok vatnet før du drikk det.")));
        assertThat(confirmed.statusCode()).isEqualTo(200);
        await("three Nord subscribers warned", WAIT, () -> h.receiver.at("/sms").size() == 3 && h.mail.getReceivedMessages().length == 2);
        List<JsonObject> sms = h.receiver.at("/sms").stream().skip(1).map(HttpReceiver.Request::json).toList();
        JsonObject bokmal = sms.stream().filter(s -> s.getString("to").equals("+4791234567")).findFirst().orElseThrow();
        JsonObject nynorsk = sms.stream().filter(s -> s.getString("to").equals("+4748000111")).findFirst().orElseThrow();
        assertThat(bokmal.getString("message")).startsWith("Varsel fra Testby kommune: Vannforsyningen i Nord er brutt eller redusert")
                .contains("Kok vannet før du drikker det.").contains("Avslutt varsler: http://127.0.0.1:");
        assertThat(nynorsk.getString("message")).startsWith("Varsel frå Testby kommune: Vassforsyninga i Nord er broten eller redusert")
                .contains("Kok vatnet før du drikk det.");
        MimeMessage email = h.mail.getReceivedMessages()[1];
        assertThat(email.getAllRecipients()[0].toString()).isEqualTo("innbygger@example.no");
        assertThat(email.getSubject()).isEqualTo("Vassforsyninga i Nord");
        assertThat(sms).noneMatch(s -> s.getString("to").equals("+4799999999"));

        assertThat(post("/api/v1/alerts/" + alertId + "/resident-warning", new JsonObject().put("by", "kari")).statusCode())
                .as("a second confirmation warns nobody twice").isEqualTo(409);

        // The bokmål resident unsubscribes through the link in the message: GET asks, POST deletes.
        String link = bokmal.getString("message").replaceAll("(?s).*Avslutt varsler: (\\S+).*", "$1");
        assertThat(client.send(HttpRequest.newBuilder(URI.create(link)).GET().build(), HttpResponse.BodyHandlers.ofString()).body())
                .contains("lang=\"nb\"").contains("Avslutt varsler</button>");
        assertThat(client.send(HttpRequest.newBuilder(URI.create(link)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).body()).contains("opplysningene dine er slettet");
        assertThat(h.count("SELECT count(*) FROM resident_subscriptions")).isEqualTo(3);

        assertThat(post("/api/v1/alerts/" + alertId + "/resolve", new JsonObject().put("by", "kari").put("comment", "main repaired"))
                .statusCode()).isEqualTo(200);
        // The all-clear goes to the two remaining Nord subscribers; the engineer's "resolved" goes by e-mail (never SMS).
        await("all-clear and resolved", WAIT, () -> h.receiver.at("/sms").size() == 4 && h.mail.getReceivedMessages().length == 4);
        assertThat(h.receiver.at("/sms").get(3).json().getString("message")).contains("Vassforsyninga i Nord er tilbake som normalt");

        assertThat(logs.lines()).as("log lines").isNotEmpty()
                .noneMatch(l -> l.contains("91234567") || l.contains("48000111") || l.contains("innbygger@"));
        assertThat(h.count("SELECT count(*) FROM notifications WHERE message::text LIKE '%91234567%' OR recipient LIKE '%91234567%'"
                + " OR coalesce(last_error, '') LIKE '%91234567%'")).isZero();
        assertThat(h.count("SELECT count(*) FROM alert_events WHERE details::text LIKE '%91234567%'")).isZero();
    }

    @Test
    void aResidentWhoUnsubscribesBeforeARetryIsNotSentToAndTheNotificationSaysCancelled() throws Exception {
        subscribe("sms", "912 34 567", "nb", "Nord");
        h.send(anomaly(AnomalyKind.LIMIT, Severity.CRITICAL, Domain.WATER, "Nord", "nord-p2", "water.pressure", 0.4, 2, 6, Instant.now()));
        await("the engineer's SMS", WAIT, () -> h.receiver.at("/sms").size() == 1);
        long alertId = h.count("SELECT id FROM alerts");

        h.receiver.mode("/sms", HttpReceiver.Mode.FAIL);
        assertThat(post("/api/v1/alerts/" + alertId + "/resident-warning", new JsonObject().put("by", "kari")).statusCode()).isEqualTo(200);
        await("the resident's first attempt fails and waits for a retry", WAIT, quietly(() -> h.count(
                "SELECT count(*) FROM notifications WHERE purpose LIKE 'resident%' AND status = 'pending' AND attempts = 1") == 1));
        String link = h.receiver.at("/sms").get(1).json().getString("message").replaceAll("(?s).*Avslutt varsler: (\\S+).*", "$1");
        assertThat(client.send(HttpRequest.newBuilder(URI.create(link)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).body()).contains("opplysningene dine er slettet");

        h.receiver.mode("/sms", HttpReceiver.Mode.OK);
        h.clock.advance(Duration.ofSeconds(5));
        await("the retry finds nobody to send to", WAIT, quietly(() -> h.count(
                "SELECT count(*) FROM notifications WHERE purpose LIKE 'resident%' AND status = 'cancelled'") == 1));
        assertThat(h.text("SELECT last_error FROM notifications WHERE purpose LIKE 'resident%'")).isEqualTo("the resident unsubscribed");
        Thread.sleep(300);
        assertThat(h.receiver.at("/sms")).as("nothing more went to the resident").hasSize(2);
    }

    @Test
    void onlyWaterAlertsWithAZoneCanWarnResidents() throws Exception {
        h.send(anomaly(AnomalyKind.LIMIT, Severity.WARNING, Domain.AIR, "Sentrum", "air-1", "air.no2", 250, 0, 200, Instant.now()));
        await("air alert", WAIT, quietly(() -> h.count("SELECT count(*) FROM alerts") == 1));
        long id = h.count("SELECT id FROM alerts");
        HttpResponse<String> refused = post("/api/v1/alerts/" + id + "/resident-warning", new JsonObject().put("by", "kari"));
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(new JsonObject(refused.body()).getString("message")).contains("only water-supply alerts");
        await("the air route's Slack message", WAIT, () -> h.receiver.at("/slack").size() == 1);
        JsonArray blocks = h.receiver.at("/slack").get(0).json().getJsonArray("blocks");
        assertThat(blocks.getJsonObject(0).getString("type")).isEqualTo("header");
        assertThat(blocks.getJsonObject(1).getJsonObject("text").getString("text")).contains("*Value:* 250 ug/m3 (expected 0.00–200 ug/m3)");
    }

    @Test
    void badSubscriptionsAreRefusedWithoutEchoingTheAddress() throws Exception {
        HttpResponse<String> r = post("/api/v1/subscriptions", new JsonObject().put("channel", "sms").put("address", "12-34")
                .put("zones", new JsonArray().add("Nord")));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("not a phone number").doesNotContain("12-34");
        assertThat(post("/api/v1/subscriptions", new JsonObject().put("address", "91234567").put("zones", new JsonArray())).statusCode())
                .isEqualTo(400);
        assertThat(post("/api/v1/subscriptions", new JsonObject().put("address", "91234567").put("language", "sv")
                .put("zones", new JsonArray().add("Nord"))).statusCode()).isEqualTo(400);
        // Subscribing again replaces zones and language instead of adding a second row.
        subscribe("sms", "91234567", "nb", "Nord");
        JsonObject again = subscribe("sms", "+47 91 23 45 67", "nn", "Sør");
        assertThat(h.count("SELECT count(*) FROM resident_subscriptions")).isEqualTo(1);
        assertThat(again.getString("language")).isEqualTo("nn");
        assertThat(again.getJsonArray("zones").getList()).containsExactly("Sør");
    }

    private JsonObject subscribe(String channel, String address, String language, String... zones) throws Exception {
        HttpResponse<String> r = post("/api/v1/subscriptions", new JsonObject().put("channel", channel).put("address", address)
                .put("language", language).put("zones", new JsonArray(List.of((Object[]) zones))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return new JsonObject(r.body());
    }

    private HttpResponse<String> post(String path, JsonObject body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(h.baseUrl() + path)).header("Authorization", "Bearer " + AlertingHarness.ADMIN_TOKEN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
