package no.varde.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console end to end over real sockets: people sign in at a real Keycloak (authorization code
 * with PKCE), see the alert the real alerting service raised, act on it, and the audit trail
 * names them; the roles, CSRF protection, security headers and sign-out hold.
 */
class ConsoleSignInTest {
    private static ConsoleHarness harness;
    private static long alertId;

    @BeforeAll
    static void start() throws Exception {
        harness = new ConsoleHarness(KeycloakServer.get().issuer());
        assertThat(harness.signInReady).isTrue();
        alertId = harness.waterAlert("Nord", "water-nord-1", Instant.now().minus(20, ChronoUnit.MINUTES));
        harness.subscribeResidents("Nord", 3);
        harness.addFleet();
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void aStrangerIsSentToTheIdentityProviderWithPkce() throws Exception {
        HttpResponse<String> r = new Visitor().get(harness.baseUrl() + "/console/");
        assertThat(r.statusCode()).isEqualTo(302);
        String location = r.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(KeycloakServer.get().issuer() + "/protocol/openid-connect/auth")
                .contains("code_challenge_method=S256").contains("code_challenge=").contains("scope=openid")
                .contains("redirect_uri=" + java.net.URLEncoder.encode(harness.baseUrl() + "/console/callback", java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void anEngineerSignsInSeesTheAlertAcknowledgesItAndWarnsResidents() throws Exception {
        Visitor eli = new Visitor();
        HttpResponse<String> now = eli.signIn(harness.baseUrl() + "/console/", "eli", KeycloakServer.PASSWORD);
        assertThat(now.statusCode()).isEqualTo(200);
        assertThat(now.body()).contains("Åpne varsler").contains("Logget inn som Eli Engineer (vakthavende)")
                .contains("href=\"/console/alerts/" + alertId + "\"").contains("Kritisk").contains("i sone Nord");

        HttpResponse<String> page = eli.get(harness.baseUrl() + "/console/alerts/" + alertId);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<svg class=\"chart\"").contains("class=\"band\"").contains("<polyline")
                .contains("below the 2 bar minimum").contains("3 abonnenter i sone Nord").contains("lang=\"nn\"");

        HttpResponse<String> ack = eli.post(harness.baseUrl() + "/console/alerts/" + alertId + "/acknowledge", Visitor.form(page.body()));
        assertThat(ack.statusCode()).isEqualTo(303);
        assertThat(harness.text("SELECT state FROM alerts WHERE id = " + alertId)).isEqualTo("acknowledged");
        assertThat(harness.text("SELECT actor FROM alert_events WHERE alert_id = " + alertId + " AND action = 'acknowledged'"))
                .isEqualTo("Eli Engineer (eli)");

        HttpResponse<String> after = eli.follow(ack);
        assertThat(after.body()).contains("Du kvitterte").contains("Kvittert").contains("Eli Engineer (eli)");

        HttpResponse<String> unconfirmed = eli.follow(eli.post(harness.baseUrl() + "/console/alerts/" + alertId + "/residents",
                Visitor.form(after.body())));
        assertThat(unconfirmed.body()).contains("Kryss av for å bekrefte");
        assertThat(harness.number("SELECT count(*) FROM notifications WHERE alert_id = " + alertId + " AND purpose = 'resident_warning'"))
                .isZero();

        HttpResponse<String> warned = eli.post(harness.baseUrl() + "/console/alerts/" + alertId + "/residents",
                Visitor.form(unconfirmed.body(), "confirm", "yes", "note", "Kok vannet før bruk."));
        assertThat(warned.statusCode()).isEqualTo(303);
        assertThat(harness.number("SELECT count(*) FROM notifications WHERE alert_id = " + alertId + " AND purpose = 'resident_warning'"))
                .isEqualTo(3);
        assertThat(harness.text("SELECT actor FROM alert_events WHERE alert_id = " + alertId + " AND action = 'confirmed'"))
                .isEqualTo("Eli Engineer (eli)");
        assertThat(eli.follow(warned).body()).contains("Innbyggerne i sone Nord er varslet");
    }

    @Test
    void aFormWithoutItsCsrfTokenChangesNothing() throws Exception {
        long id = harness.waterAlert("Sør", "water-sor-1", Instant.now().minus(5, ChronoUnit.MINUTES));
        Visitor eli = new Visitor();
        String page = eli.signIn(harness.baseUrl() + "/console/alerts/" + id, "eli", KeycloakServer.PASSWORD).body();
        assertThat(eli.post(harness.baseUrl() + "/console/alerts/" + id + "/acknowledge", Map.of()).statusCode()).isEqualTo(403);
        assertThat(eli.post(harness.baseUrl() + "/console/alerts/" + id + "/acknowledge",
                Map.of(ConsoleRoutes.CSRF_FIELD, "forged." + System.nanoTime() + ".token")).statusCode()).isEqualTo(403);
        assertThat(eli.post(harness.baseUrl() + "/console/alerts/" + id + "/acknowledge", Visitor.form(page), "http://evil.example").statusCode())
                .isEqualTo(403);
        assertThat(harness.text("SELECT state FROM alerts WHERE id = " + id)).isEqualTo("open");
        assertThat(eli.post(harness.baseUrl() + "/console/alerts/" + id + "/acknowledge", Visitor.form(page)).statusCode()).isEqualTo(303);
        assertThat(harness.text("SELECT state FROM alerts WHERE id = " + id)).isEqualTo("acknowledged");
    }

    @Test
    void aViewerSeesButCannotAct() throws Exception {
        long id = harness.waterAlert("Øst", "water-ost-1", Instant.now().minus(5, ChronoUnit.MINUTES));
        Visitor vera = new Visitor();
        HttpResponse<String> page = vera.signIn(harness.baseUrl() + "/console/alerts/" + id + "?lang=en", "vera", KeycloakServer.PASSWORD);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Signed in as Vera Viewer (viewer)").doesNotContain("/acknowledge\"");
        // The page offers no form, but a hand-made one with a valid token is refused too.
        HttpResponse<String> tried = vera.post(harness.baseUrl() + "/console/alerts/" + id + "/acknowledge", Visitor.form(page.body()));
        assertThat(tried.statusCode()).isEqualTo(403);
        assertThat(harness.text("SELECT state FROM alerts WHERE id = " + id)).isEqualTo("open");
    }

    @Test
    void theFleetPageCountsDevicesByStatusAndDrawsThemOnTheMap() throws Exception {
        HttpResponse<String> r = new Visitor().signIn(harness.baseUrl() + "/console/fleet", "vera", KeycloakServer.PASSWORD);
        assertThat(r.statusCode()).isEqualTo(200);
        String page = r.body();
        assertThat(page).contains("<svg class=\"map\"").contains("class=\"zone\"").contains(">Sentrum<").contains(">Ring<");
        assertThat(page).contains("<strong>2</strong> på nett").contains("<strong>1</strong> tause").contains("<strong>1</strong> frakoblet")
                .contains("<strong>1</strong> aldri sett").contains("<strong>1</strong> deaktivert");
        assertThat(page).contains("87 %").contains("svak, SNR −12,5 dB, RSSI −118 dBm").contains("air-sentrum-3: tause");
    }

    @Test
    void aFalseAlarmResolvedInTheConsoleIsCountedOnTheGainsPage() throws Exception {
        long id = harness.waterAlert("Gevinst", "water-gevinst-1", Instant.now().minus(12, ChronoUnit.MINUTES));
        Visitor eli = new Visitor();
        String page = eli.signIn(harness.baseUrl() + "/console/alerts/" + id, "eli", KeycloakServer.PASSWORD).body();
        assertThat(page).contains("Falsk alarm (ikke et problem)");
        HttpResponse<String> resolved = eli.post(harness.baseUrl() + "/console/alerts/" + id + "/resolve",
                Visitor.form(page, "outcome", "false_alarm", "comment", "Måleren ble kalibrert"));
        assertThat(resolved.statusCode()).isEqualTo(303);
        assertThat(harness.text("SELECT details ->> 'outcome' FROM alert_events WHERE alert_id = " + id + " AND action = 'resolved'"))
                .isEqualTo("false_alarm");

        // The simulator's ground truth: a dropout the silence detector found (air-sentrum-3, see addFleet) and a spike nobody saw.
        Instant now = Instant.now();
        harness.injected = java.util.List.of(
                new GroundTruth.Incident("dropout", "silence", "Sentrum", false, java.util.List.of("air-sentrum-3"), now.minusSeconds(35 * 60), now),
                new GroundTruth.Incident("spike", "spike", "Sentrum", false, java.util.List.of("air-sentrum-1"), now.minusSeconds(600), now));
        String gains = eli.get(harness.baseUrl() + "/console/gains").body();
        assertThat(gains).contains("Simulatorens fasit").contains("<th scope=\"row\">Utfall</th><td>1</td><td>1</td><td>100 %</td>")
                .contains("<th scope=\"row\">Topp</th><td>1</td><td>0</td><td>0 %</td>");
        assertThat(gains).contains("<h1>Gevinst og måling – ").contains("<svg class=\"bars\"");
        assertThat(gains).contains("<th scope=\"row\">Gevinst</th><td>1 (1 / 0 / 0)</td><td>1</td>");
        assertThat(gains).containsPattern("<th scope=\"row\">Sentrum</th><td>0 \\(0 / 0 / 0\\)</td><td>0</td>(<td>[^<]*</td>){3}<td>[0-9]+(,[0-9])? %</td>");
        assertThat(eli.get(harness.baseUrl() + "/console/gains?month=1999-01").body()).contains("januar 1999").contains("Ingen varsler");
    }

    @Test
    void anAdministratorAddsADeviceIssuesANewTokenAndDisablesItAllAuditedAndAnEngineerCannot() throws Exception {
        Visitor ada = new Visitor();
        String fleet = ada.signIn(harness.baseUrl() + "/console/fleet", "ada", KeycloakServer.PASSWORD).body();
        assertThat(fleet).contains("Legg til enhet");
        HttpResponse<String> added = ada.follow(ada.post(harness.baseUrl() + "/console/devices", Visitor.form(fleet, "id", "ny-maler-1",
                "kind", "water", "zone", "Nord", "latitude", "59,93", "longitude", "10.71")));
        assertThat(added.uri().getPath()).isEqualTo("/console/devices/ny-maler-1");
        String token = tokenIn(added.body());
        var repository = new no.varde.storage.DeviceRepository(harness.db);
        assertThat(repository.activeCredentials("ny-maler-1")).singleElement()
                .satisfies(c -> assertThat(new no.varde.storage.TokenHasher().matches(token, c.secretHash())).isTrue());
        assertThat(repository.find("ny-maler-1").orElseThrow().device().latitude()).isEqualTo(59.93);
        assertThat(added.body()).contains("Gyldige tokener").contains("la til enheten");

        String reloaded = ada.get(harness.baseUrl() + "/console/devices/ny-maler-1").body();
        assertThat(reloaded).as("a token is shown once").doesNotContain(token);
        HttpResponse<String> rotated = ada.follow(ada.post(harness.baseUrl() + "/console/devices/ny-maler-1/rotate",
                Visitor.form(reloaded, "grace", "PT0S")));
        String newToken = tokenIn(rotated.body());
        assertThat(newToken).isNotEqualTo(token);
        assertThat(repository.activeCredentials("ny-maler-1")).singleElement()
                .satisfies(c -> assertThat(new no.varde.storage.TokenHasher().matches(newToken, c.secretHash())).isTrue());

        HttpResponse<String> disabled = ada.follow(ada.post(harness.baseUrl() + "/console/devices/ny-maler-1/disable", Visitor.form(rotated.body())));
        assertThat(disabled.body()).contains("er deaktivert").contains("Aktiver enheten");
        assertThat(repository.find("ny-maler-1").orElseThrow().device().enabled()).isFalse();
        assertThat(harness.text("SELECT string_agg(actor || ':' || action, ',' ORDER BY id) FROM admin_events WHERE device_id = 'ny-maler-1'"))
                .isEqualTo("Ada Admin (ada):device_created,Ada Admin (ada):token_rotated,Ada Admin (ada):device_disabled");

        Visitor eli = new Visitor();
        String asEngineer = eli.signIn(harness.baseUrl() + "/console/devices/ny-maler-1", "eli", KeycloakServer.PASSWORD).body();
        assertThat(asEngineer).doesNotContain("Administrasjon").doesNotContain("/rotate\"");
        assertThat(eli.post(harness.baseUrl() + "/console/devices", Visitor.form(asEngineer, "id", "snik-1", "kind", "air")).statusCode())
                .isEqualTo(403);
        assertThat(repository.find("snik-1")).isEmpty();
        assertThat(eli.get(harness.baseUrl() + "/console/devices/finnes-ikke").statusCode()).isEqualTo(404);
        // Leave the shared fleet as the other tests count it.
        harness.execute("DELETE FROM devices WHERE id = 'ny-maler-1'");
    }

    private static String tokenIn(String page) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\(vises bare nå[^)]*\\)[^:]*: ([A-Za-z0-9_-]{20,})").matcher(page);
        assertThat(m.find()).as("a token shown once on the page").isTrue();
        return m.group(1);
    }

    @Test
    void someoneWhoseClaimsGrantNoRoleGetsNoAccess() throws Exception {
        HttpResponse<String> r = new Visitor().signIn(harness.baseUrl() + "/console/", "nora", KeycloakServer.PASSWORD);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("Ingen tilgang").doesNotContain("/console/alerts/");
    }

    @Test
    void pagesCarryStrictSecurityHeadersAndTheSessionCookieIsHttpOnlyAndLax() throws Exception {
        Visitor eli = new Visitor();
        HttpResponse<String> first = eli.get(harness.baseUrl() + "/console/");
        String cookie = first.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(ConsoleRoutes.SESSION_COOKIE + "="))
                .findFirst().orElseThrow();
        assertThat(cookie).containsIgnoringCase("HttpOnly").contains("SameSite=Lax").contains("Path=/console");
        HttpResponse<String> now = eli.follow(eli.signIn(harness.baseUrl() + "/console/", "eli", KeycloakServer.PASSWORD));
        String csp = now.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("default-src 'none'").contains("frame-ancestors 'none'").contains("style-src 'self'")
                .doesNotContain("unsafe-inline").doesNotContain("script-src");
        assertThat(now.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(now.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(now.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(now.body()).doesNotContain("<script").doesNotContain("style=\"");
    }

    @Test
    void signingOutEndsTheSessionAtVardeAndAtTheProvider() throws Exception {
        Visitor eli = new Visitor();
        HttpResponse<String> now = eli.signIn(harness.baseUrl() + "/console/", "eli", KeycloakServer.PASSWORD);
        HttpResponse<String> out = eli.post(harness.baseUrl() + "/console/logout", Visitor.form(now.body()));
        assertThat(out.statusCode()).isEqualTo(302);
        assertThat(out.headers().firstValue("Location").orElseThrow()).startsWith(KeycloakServer.get().issuer()
                + "/protocol/openid-connect/logout");
        HttpResponse<String> again = eli.get(harness.baseUrl() + "/console/");
        assertThat(again.statusCode()).isEqualTo(302);
        assertThat(again.headers().firstValue("Location").orElseThrow()).startsWith(KeycloakServer.get().issuer());
    }

    @Test
    void whileTheProviderCannotBeReachedTheConsoleSaysSo() throws Exception {
        try (ConsoleHarness down = new ConsoleHarness("http://127.0.0.1:9/realms/none")) {
            assertThat(down.signInReady).isFalse();
            HttpResponse<String> r = new Visitor().get(down.baseUrl() + "/console/");
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).contains("Innlogging er ikke tilgjengelig").contains("127.0.0.1:9");
        }
    }
}
