package no.varde.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * The console in real headless Chromium (Debian's package, driven by Playwright from npm) against
 * the real parts: an engineer on a 360 px phone signs in at Keycloak, opens the alert the alerting
 * service raised, sees its chart, acknowledges it and warns the zone's residents; at a desk the
 * same pages are used with the keyboard alone, in English, and at 200 % and 400 % zoom. axe-core
 * scans every page: no serious or critical violation may remain. Screenshots and the report stay
 * in {@code console/target/console-artefacts}.
 *
 * <p>Without Node.js or Chromium the test is skipped on a developer's machine and fails in CI
 * ({@code CI} set), where .ci/run installs both.
 */
class ConsoleBrowserTest {
    @Test
    void anEngineerOnAPhoneHandlesTheAlertAndEveryPagePassesTheAccessibilityScan() throws Exception {
        BrowserCheck.requireTools();
        try (ConsoleHarness harness = new ConsoleHarness(KeycloakServer.get().issuer())) {
            long alert = harness.waterAlert("Vest", "water-vest-1", Instant.now().minus(25, ChronoUnit.MINUTES));
            harness.subscribeResidents("Vest", 4);
            harness.addFleet();

            JsonObject report = BrowserCheck.run(harness.baseUrl(), alert, "eli", "ada", "air-sentrum-2");
            BrowserCheck.assertConsoleWorked(report);
            assertThat(report.getJsonObject("checks").getBoolean("adminSection")).isTrue();
            assertThat(report.getJsonArray("pages").stream().map(p -> ((JsonObject) p).getString("name")))
                    .contains("admin: one device", "admin: devices with the add form open", "desktop: one device");
            assertThat(harness.text("SELECT acknowledged_by FROM alerts WHERE id = " + alert)).isEqualTo("Eli Engineer (eli)");
            assertThat(harness.number("SELECT count(*) FROM notifications WHERE alert_id = " + alert + " AND purpose = 'resident_warning'"))
                    .isEqualTo(4);
        }
    }
}
