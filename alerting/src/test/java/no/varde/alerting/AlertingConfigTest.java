package no.varde.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;
import no.varde.alerting.config.AlertingConfig;
import no.varde.alerting.config.AlertingConfigLoader;
import no.varde.alerting.config.ConfigException;
import no.varde.alerting.rota.OnCallRota;
import no.varde.alerting.rota.Person;
import no.varde.alerting.routing.Target;
import no.varde.model.Domain;
import no.varde.model.anomaly.Severity;
import org.junit.jupiter.api.Test;

/** The rota and routing rules in local time, and configuration mistakes that name their key. */
class AlertingConfigTest {
    private static final ZoneId OSLO = ZoneId.of("Europe/Oslo");
    private static final AlertingConfig EXAMPLE = load();

    private static AlertingConfig load() {
        try {
            return AlertingConfigLoader.load(Path.of("alerting-example.yaml"), Map.of());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A local wall-clock time in Oslo as an instant. */
    private static Instant oslo(String local) {
        return LocalDateTime.parse(local).atZone(OSLO).toInstant();
    }

    private static String onCall(Domain domain, int level, String local) {
        return String.join(",", EXAMPLE.rota().onCall(domain, level, oslo(local)).stream().map(Person::id).toList());
    }

    @Test
    void theWeeklyRotaFollowsOsloTimeAcrossDaylightSavingAndMidnight() {
        // Monday 2026-01-05 is the rota's anchor: ola has the first evening week, per the second.
        assertThat(onCall(Domain.WATER, 0, "2026-01-05T10:00")).isEqualTo("kari");
        assertThat(onCall(Domain.WATER, 0, "2026-01-05T15:29")).isEqualTo("kari");
        assertThat(onCall(Domain.WATER, 0, "2026-01-05T15:30")).isEqualTo("ola");
        assertThat(onCall(Domain.WATER, 0, "2026-01-06T03:00")).as("the evening watch runs past midnight").isEqualTo("ola");
        assertThat(onCall(Domain.WATER, 0, "2026-01-12T03:00")).as("Sunday's watch, still ola's week").isEqualTo("ola");
        assertThat(onCall(Domain.WATER, 0, "2026-01-12T16:00")).isEqualTo("per");
        // The weekend watch: 24 hours from 07:30 on Saturday and Sunday.
        assertThat(onCall(Domain.WATER, 0, "2026-01-10T12:00")).isEqualTo("ola");
        // 29 March 2026 clocks go forward: 16:00 local is 14:00 UTC in summer, 15:00 UTC in winter.
        assertThat(EXAMPLE.rota().onCall(Domain.WATER, 0, Instant.parse("2026-03-30T14:00:00Z")).get(0).id()).as("12 weeks after the anchor: ola").isEqualTo("ola");
        assertThat(EXAMPLE.rota().onCall(Domain.WATER, 0, Instant.parse("2026-03-30T13:00:00Z")).get(0).id()).isEqualTo("kari");
        assertThat(EXAMPLE.rota().onCall(Domain.WATER, 0, Instant.parse("2026-01-05T14:00:00Z")).get(0).id()).isEqualTo("kari");
        // Christmas override, and the second level.
        assertThat(onCall(Domain.WATER, 0, "2026-12-24T10:00")).isEqualTo("anne");
        assertThat(onCall(Domain.WATER, 1, "2026-12-24T10:00")).isEqualTo("leder");
        assertThat(onCall(Domain.AIR, 0, "2026-01-10T10:00")).as("no air watch on Saturdays").isEmpty();
        assertThat(EXAMPLE.rota().levels(Domain.WATER)).isEqualTo(2);
        assertThat(EXAMPLE.rota().gaps(Domain.WATER, 0)).as("water is covered around the clock").isEmpty();
        assertThat(EXAMPLE.rota().gaps(Domain.AIR, 0)).as("air has a weekday watch only").contains("Mon 00:00-08:00", "Sat 00:00-24:00");
        assertThat(EXAMPLE.rota().domain(Domain.WATER).map(OnCallRota.DomainRota::escalateAfter)).hasValue(java.time.Duration.ofMinutes(15));
    }

    @Test
    void routesMatchDomainSeverityAndTimeOfDay() {
        var router = EXAMPLE.router();
        assertThat(router.targets(Domain.WATER, "Nord", Severity.CRITICAL, oslo("2026-01-10T03:00")))
                .containsExactly(Target.parse("archive"), Target.parse("oncall:sms"), Target.parse("oncall:email"), Target.parse("teams-vann"));
        assertThat(router.targets(Domain.WATER, "Nord", Severity.WARNING, oslo("2026-01-07T10:00")))
                .containsExactly(Target.parse("archive"), Target.parse("oncall:email"), Target.parse("teams-vann"));
        assertThat(router.targets(Domain.WATER, "Nord", Severity.WARNING, oslo("2026-01-07T22:00")))
                .as("a warning at night waits for the morning").containsExactly(Target.parse("archive"), Target.parse("teams-vann"));
        assertThat(router.targets(Domain.TRAFFIC, null, Severity.WARNING, oslo("2026-01-07T07:00"))).contains(Target.parse("oncall:sms"));
        assertThat(router.targets(Domain.TRAFFIC, null, Severity.WARNING, oslo("2026-01-07T12:00"))).doesNotContain(Target.parse("oncall:sms"));
        assertThat(router.targets(Domain.AIR, null, Severity.INFO, oslo("2026-01-07T12:00"))).containsExactly(Target.parse("archive"));
    }

    @Test
    void mistakesNameTheirKey() {
        assertThatThrownBy(() -> AlertingConfigLoader.parse("rota: { water: { levels: [ { shifts: [ { days: MON-FRY, people: [x] } ] } ] } }", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("rota.water.levels[0].shifts[0].days: 'FRY' is not a day");
        assertThatThrownBy(() -> AlertingConfigLoader.parse("people: {a: {}}\nrota: { water: { levels: [ { shifts: [ { people: [b] } ] } ] } }", Map.of()))
                .hasMessageContaining("rota.water.levels[0].shifts[0].people: 'b' is not listed under people");
        assertThatThrownBy(() -> AlertingConfigLoader.parse("routes: [ { notify: [oncall:pager] } ]", Map.of()))
                .hasMessageContaining("routes[0].notify: channel 'pager' is not configured");
        assertThatThrownBy(() -> AlertingConfigLoader.parse("channels: { x: { type: pigeon } }", Map.of()))
                .hasMessageContaining("channels.x.type: unknown channel type 'pigeon'");
        assertThatThrownBy(() -> AlertingConfigLoader.parse("timing: { group_interval: soon }", Map.of()))
                .hasMessageContaining("timing.group_interval: 'soon' is not a duration");
        assertThatThrownBy(() -> AlertingConfigLoader.parse("channels: { s: { type: sms, url: \"${SMS_URL}\" } }", Map.of()))
                .hasMessageContaining("environment variable SMS_URL is not set");
        assertThatThrownBy(() -> AlertingConfigLoader.parse("routes: [ { match: { hours: \"7-9\" }, notify: [] } ]", Map.of()))
                .hasMessageContaining("routes[0].match.hours");
    }

    @Test
    void secretsComeFromTheEnvironment() throws Exception {
        AlertingConfig c = AlertingConfigLoader.parse("channels: { s: { type: sms, url: \"${SMS_URL}\", headers: { Authorization: \"Bearer ${T:-none}\" } } }",
                Map.of("SMS_URL", "https://gw.example/send"));
        assertThat(c.channels().get("s").options().get("url").text()).isEqualTo("https://gw.example/send");
        assertThat(c.channels().get("s").options().get("headers").get("Authorization").text()).isEqualTo("Bearer none");
    }

    @Test
    void theDemoConfigurationLoads() throws Exception {
        AlertingConfig demo = AlertingConfigLoader.resource("/alerting/demo.yaml", Map.of());
        assertThat(demo.rota().levels(Domain.WATER)).isEqualTo(3);
        assertThat(demo.publicUrl()).isEqualTo("http://localhost:8080");
        assertThat(demo.router().targets(Domain.AIR, "x", Severity.WARNING, Instant.now())).containsExactly(Target.parse("oncall:inbox"));
    }
}
