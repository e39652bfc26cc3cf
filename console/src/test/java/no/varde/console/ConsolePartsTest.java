package no.varde.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The console's small rules that need no server: roles from claims, redirects, escaping, chart axes, event details. */
class ConsolePartsTest {
    private static final ConsoleSettings ENTRA = new ConsoleSettings("https://login.example/tenant/v2.0", "varde", "s", "https://varde.kommune.no/",
            "roles", ConsoleSettings.parseRoleMap("Varde.Vakt=engineer, Varde.Leser=viewer"));

    private static User user(JsonObject idToken) {
        return User.create(new JsonObject(), new JsonObject().put("idToken", idToken));
    }

    @Test
    void theHighestMappedRoleWinsAndUnmappedValuesGrantNothing() {
        Person p = Person.from(user(new JsonObject().put("sub", "s1").put("preferred_username", "kari").put("name", "Kari Nordmann")
                .put("roles", new JsonArray().add("Varde.Leser").add("Varde.Vakt").add("Something.Else"))), ENTRA);
        assertThat(p.role()).isEqualTo(Role.ENGINEER);
        assertThat(p.actor()).isEqualTo("Kari Nordmann (kari)");
        assertThat(p.may(Role.VIEWER)).isTrue();
        assertThat(p.may(Role.ADMIN)).isFalse();

        Person none = Person.from(user(new JsonObject().put("sub", "s2").put("roles", new JsonArray().add("Something.Else"))), ENTRA);
        assertThat(none.role()).isNull();
        assertThat(none.may(Role.VIEWER)).isFalse();
        assertThat(none.username()).isEqualTo("s2");
    }

    @Test
    void aDottedClaimPathAndASingleStringValueAreRead() {
        ConsoleSettings keycloak = new ConsoleSettings("https://id.example/realms/k", "varde", null, "http://localhost:8080", "realm_access.roles", Map.of());
        Person p = Person.from(User.create(new JsonObject(), new JsonObject().put("accessToken",
                new JsonObject().put("sub", "x").put("realm_access", new JsonObject().put("roles", "admin")))), keycloak);
        assertThat(p.role()).isEqualTo(Role.ADMIN);
        assertThat(keycloak.secure()).isFalse();
        assertThat(ENTRA.secure()).isTrue();
        assertThat(ENTRA.callbackUrl()).isEqualTo("https://varde.kommune.no/console/callback");
    }

    @Test
    void aRoleMapNamingAnUnknownRoleIsRefused() {
        assertThatThrownBy(() -> ConsoleSettings.parseRoleMap("x=superuser")).hasMessageContaining("unknown role 'superuser'");
        assertThatThrownBy(() -> ConsoleSettings.parseRoleMap("engineer")).hasMessageContaining("is not 'value=role'");
        assertThat(ConsoleSettings.fromEnvironment(Map.of(), "http://localhost:8080")).isEmpty();
    }

    @Test
    void aFormsBackAddressStaysInsideTheConsole() {
        assertThat(ConsolePages.safeBack("/console/mine", 7)).isEqualTo("/console/mine");
        assertThat(ConsolePages.safeBack("https://evil.example/console/", 7)).isEqualTo("/console/alerts/7");
        assertThat(ConsolePages.safeBack("//evil.example/console/", 7)).isEqualTo("/console/alerts/7");
        assertThat(ConsolePages.safeBack("/console/\\\\evil.example", 7)).isEqualTo("/console/alerts/7");
        assertThat(ConsolePages.safeBack(null, 7)).isEqualTo("/console/alerts/7");
    }

    @Test
    void textAndAttributesAreEscaped() {
        String html = new Html().el("p", "<script>alert('x')</script> & \"q\"", "title", "\"><img src=x>").toString();
        assertThat(html).doesNotContain("<script>").doesNotContain("<img").contains("&lt;script&gt;").contains("&amp;").contains("&quot;");
    }

    @Test
    void chartAxesUseRoundSteps() {
        assertThat(SeriesChart.niceStep(1.33)).isEqualTo(2);
        assertThat(SeriesChart.niceStep(0.26)).isEqualTo(0.5);
        assertThat(SeriesChart.niceStep(120)).isEqualTo(200);
        assertThat(SeriesChart.niceStep(0.1)).isEqualTo(0.1);
        assertThat(SeriesChart.niceStep(0)).isEqualTo(1);
    }

    @Test
    void eventDetailsAreWordsNotJson() {
        assertThat(AlertPage.details(Messages.of("nb"), "{\"zone\": \"Vest\", \"residents\": 4, \"devices\": [\"a\", \"b\"]}"))
                .isEqualTo("sone: Vest; innbyggere: 4; enheter: a, b");
        assertThat(AlertPage.details(Messages.of("en"), "{\"purpose\": \"resident_warning\"}")).isEqualTo("purpose: warning to a resident");
        assertThat(AlertPage.details(Messages.of("nb"), "{}")).isEmpty();
    }

    @Test
    void gainsCountFalseAlarmsAndTakeNearestRankQuantiles() {
        java.time.Instant t = java.time.Instant.parse("2026-11-10T02:00:00Z");
        java.util.List<Gains.AlertFacts> alerts = java.util.List.of(
                new Gains.AlertFacts("Nord", "water", t.minusSeconds(120), t, t.plusSeconds(300), t.plusSeconds(3600), "false_alarm", null, null, 0),
                new Gains.AlertFacts("Nord", "water", t.minusSeconds(60), t, t.plusSeconds(600), null, null, t.plusSeconds(700), t.plusSeconds(4300), 12),
                new Gains.AlertFacts("Nord", "air", null, t, null, null, "problem", null, null, 0));
        Gains.Row row = Gains.row("Nord", alerts, new double[] {30, 40});
        assertThat(row.alerts()).isEqualTo(3);
        assertThat(row.byDomain()).containsEntry("water", 2).containsEntry("air", 1).containsEntry("traffic", 0);
        assertThat(row.falseAlarms()).isEqualTo(1);
        assertThat(row.detection()).containsExactly(1.0, 2.0);
        assertThat(row.acknowledgement()).containsExactly(5.0, 10.0);
        assertThat(row.resolution()).containsExactly(60.0, 60.0);
        assertThat(row.completeness()).isEqualTo(0.75);
        assertThat(row.warnedAlerts()).isEqualTo(1);
        assertThat(row.warningsSent()).isEqualTo(12);
        assertThat(row.allClear()).containsExactly(60.0, 60.0);
        assertThat(Gains.quantiles(java.util.List.of())).containsExactly(Double.NaN, Double.NaN);
        assertThat(Gains.quantiles(java.util.List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0))).containsExactly(5.0, 9.0);
        assertThat(GainsPage.minutes(Messages.of("nb"), 135)).isEqualTo("2,3 t");
        assertThat(GainsPage.parseMonth("2026-11", null)).isEqualTo(java.time.YearMonth.of(2026, 11));
        assertThat(GainsPage.parseMonth("november", java.time.YearMonth.of(2020, 1))).isEqualTo(java.time.YearMonth.of(2020, 1));
    }

    @Test
    void everyTextExistsInBothLanguages() throws Exception {
        java.util.Properties nb = new java.util.Properties();
        java.util.Properties en = new java.util.Properties();
        try (var a = getClass().getResourceAsStream("console_nb.properties"); var b = getClass().getResourceAsStream("console_en.properties")) {
            nb.load(new java.io.InputStreamReader(a, java.nio.charset.StandardCharsets.UTF_8));
            en.load(new java.io.InputStreamReader(b, java.nio.charset.StandardCharsets.UTF_8));
        }
        assertThat(nb.keySet()).containsExactlyInAnyOrderElementsOf(en.keySet());
    }
}
