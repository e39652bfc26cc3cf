package no.varde.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import javax.imageio.ImageIO;
import no.varde.storage.Migrations;
import no.varde.testsupport.TestDatabase;
import no.varde.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code varde report}: one month's gains from a real database, written as HTML, PNG charts and (with Chromium) PDF. */
class ReportCommandTest {

    @Test
    void aLeaderGetsLastMonthsGainsAsHtmlChartsAndPdf() throws Exception {
        TestDatabase database = TestInfrastructure.get().newDatabase();
        Migrations.migrate(database.dataSource());
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement()) {
            // Two water alerts in zone Nord in November 2026 (Oslo time), one resolved as a false alarm, one that warned residents;
            // one in October, which the November report must leave out.
            s.execute("""
                    INSERT INTO alerts (id, group_key, kind, domain, zone, severity, state, title, summary, opened_at, updated_at,
                                        acknowledged_at, resolved_at, confirmed_for_residents) VALUES
                      (1, 'g1', 'limit', 'water', 'Nord', 'critical', 'resolved', 'Trykkfall', 's', '2026-11-10 03:00+01', now(),
                       '2026-11-10 03:04+01', '2026-11-10 05:00+01', false),
                      (2, 'g2', 'limit', 'water', 'Nord', 'critical', 'resolved', 'Brudd', 's', '2026-11-20 12:00+01', now(),
                       '2026-11-20 12:10+01', '2026-11-20 18:00+01', true),
                      (3, 'g3', 'spike', 'air', 'Sentrum', 'warning', 'resolved', 'PM10', 's', '2026-10-31 23:30+01', now(),
                       null, '2026-11-01 01:00+01', false)""");
            s.execute("""
                    INSERT INTO alert_events (alert_id, at, actor, action, details) VALUES
                      (1, '2026-11-10 05:00+01', 'Kari (kari)', 'resolved', '{"outcome": "false_alarm"}'),
                      (2, '2026-11-20 12:30+01', 'Kari (kari)', 'confirmed', '{"zone": "Nord", "residents": 2}'),
                      (2, '2026-11-20 18:00+01', 'Kari (kari)', 'resolved', '{"outcome": "problem"}')""");
            s.execute("""
                    INSERT INTO notifications (alert_id, purpose, channel, recipient, dedupe_key, message, next_attempt_at, triggered_at, created_at)
                    SELECT 2, p, 'sms', 'subscription:' || n, 'k' || p || n, '{}', now(), now(), t
                    FROM (VALUES ('resident_warning', timestamptz '2026-11-20 12:30+01'), ('resident_all_clear', timestamptz '2026-11-20 18:00+01')) v(p, t),
                         generate_series(1, 2) n""");
        }
        Path out = Path.of("target", "report-test-" + System.nanoTime());
        int exit = new CommandLine(new VardeCli()).execute("report", "--month", "2026-11", "--db-url", database.jdbcUrl(), "--output", out.toString());
        assertThat(exit).isZero();

        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("Gevinst og måling – november 2026").contains("<style>").doesNotContain("<script");
        assertThat(html).contains("<th scope=\"row\">Nord</th><td>2 (2 / 0 / 0)</td><td>1</td>")
                .contains("<td>4 min / 10 min</td>").contains("<td>1 / 2</td><td>5,5 t</td>").doesNotContain(">Sentrum<");
        for (String png : new String[] {"alerts-per-zone.png", "acknowledgement-per-zone.png", "completeness-per-zone.png"}) {
            BufferedImage image = ImageIO.read(out.resolve(png).toFile());
            assertThat(image.getWidth()).as(png).isEqualTo(900);
        }
        boolean chromium = Files.isExecutable(Path.of("/usr/bin/chromium"));
        if (chromium || System.getenv("CI") != null) {
            assertThat(Files.readAllBytes(out.resolve("report.pdf"))).startsWith("%PDF".getBytes());
        }
    }
}
