package no.varde.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs {@code console.mjs} (Playwright in Debian's Chromium, axe-core on every page) against a
 * console and checks what it found. Shared by the console's own browser test and the platform's,
 * which runs it against {@code varde run}; each keeps its screenshots in its own target directory.
 */
public final class BrowserCheck {
    private static final Path SCRIPTS = Path.of(System.getProperty("console.browser.tests", "src/test/browser"));
    private static final String CHROMIUM = "/usr/bin/chromium";

    private BrowserCheck() {
    }

    /** Skips on a developer's machine without Node.js or Chromium; fails in CI ({@code CI} set), where .ci/run installs both. */
    public static void requireTools() {
        boolean node = onPath("node") && onPath("npm");
        boolean chromium = new File(CHROMIUM).canExecute();
        if ((!node || !chromium) && System.getenv("CI") != null) {
            throw new AssertionError("Node.js and Chromium must be installed in CI (.ci/run installs them): node " + node + ", chromium " + chromium);
        }
        Assumptions.assumeTrue(node && chromium, "the browser test needs Node.js and " + CHROMIUM);
    }

    /** The engineer's walk through the console (see console.mjs); the report it printed, with the screenshots under {@code console.artefacts}. */
    public static JsonObject run(String baseUrl, long alert, String user) throws Exception {
        return run(baseUrl, alert, user, null, null);
    }

    /** @param admin an administrator whose fleet and device pages are scanned too, or null; @param device a device page to scan, or null */
    public static JsonObject run(String baseUrl, long alert, String user, String admin, String device) throws Exception {
        Path artefacts = Path.of(System.getProperty("console.artefacts", "target/console-artefacts"));
        if (!Files.isDirectory(SCRIPTS.resolve("node_modules/playwright-core"))) {
            exec(List.of("npm", "ci", "--no-audit", "--no-fund"), SCRIPTS.toFile(), 300);
        }
        Files.createDirectories(artefacts);
        ProcessBuilder pb = new ProcessBuilder("node", "console.mjs").directory(SCRIPTS.toFile());
        pb.environment().put("CONSOLE_URL", baseUrl);
        pb.environment().put("ALERT_ID", Long.toString(alert));
        pb.environment().put("CONSOLE_USER", user);
        pb.environment().put("CONSOLE_PASSWORD", KeycloakServer.PASSWORD);
        pb.environment().put("ARTEFACTS", artefacts.toAbsolutePath().toString());
        pb.environment().put("CHROMIUM", CHROMIUM);
        if (admin != null) {
            pb.environment().put("ADMIN_USER", admin);
        }
        if (device != null) {
            pb.environment().put("DEVICE_ID", device);
        }
        Path err = Files.createTempFile("console-browser-", ".log");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(240, TimeUnit.SECONDS)).as("the browser run finished within 4 minutes").isTrue();
        assertThat(p.exitValue()).as("the browser run failed: " + Files.readString(err)).isZero();
        JsonObject report = new JsonObject(out);
        summarise(report, artefacts);
        return report;
    }

    /** No serious or critical axe violation, no CSP violation, no sideways scrolling, and every step of the walk happened. */
    public static void assertConsoleWorked(JsonObject report) {
        List<String> serious = new ArrayList<>();
        for (Object o : report.getJsonArray("pages")) {
            JsonObject page = (JsonObject) o;
            for (Object v : page.getJsonArray("violations")) {
                JsonObject violation = (JsonObject) v;
                if ("serious".equals(violation.getString("impact")) || "critical".equals(violation.getString("impact"))) {
                    serious.add(page.getString("name") + ": " + violation.encode());
                }
            }
            assertThat(page.getInteger("horizontalOverflowPx")).as("sideways scrolling on " + page.getString("name")).isLessThanOrEqualTo(0);
        }
        assertThat(serious).as("serious or critical axe violations").isEmpty();
        assertThat(report.getJsonArray("cspViolations")).as("content security policy violations").isEmpty();

        JsonObject checks = report.getJsonObject("checks");
        assertThat(checks.getBoolean("chartVisible")).isTrue();
        assertThat(checks.getBoolean("mapVisible")).isTrue();
        assertThat(checks.getString("ackFlash")).contains("Du kvitterte");
        assertThat(checks.getString("residentsFlash")).contains("Innbyggerne varsles");
        assertThat(checks.getString("trail")).contains("Eli Engineer (eli)");
        assertThat(checks.getJsonObject("firstTab").getString("text")).isEqualTo("Hopp til innholdet");
        assertThat(checks.getJsonObject("firstTab").getString("outline")).isNotEqualTo("none");
        assertThat(checks.getString("skipLinkTarget")).isEqualTo("main");
        assertThat(checks.getBoolean("keyboardReachesAlert")).isTrue();
        assertThat(checks.getBoolean("focusVisible")).isTrue();
        assertThat(checks.getString("english")).isEqualTo("Audit trail");
        assertThat(checks.getInteger("overflowAt640")).isLessThanOrEqualTo(0);
        assertThat(checks.getInteger("overflowAt320")).isLessThanOrEqualTo(0);
        assertThat(report.getJsonArray("screenshots")).hasSizeGreaterThanOrEqualTo(11);
    }

    /** Page weight and first paint per page, in the test log and beside the screenshots. */
    private static void summarise(JsonObject report, Path artefacts) throws Exception {
        StringBuilder b = new StringBuilder("page\tweight bytes\tfirst contentful paint ms\taxe rules passed\tviolations (any impact)\n");
        JsonArray pages = report.getJsonArray("pages");
        for (Object o : pages) {
            JsonObject page = (JsonObject) o;
            b.append(page.getString("name")).append('\t').append(page.getLong("weightBytes")).append('\t').append(page.getValue("fcpMs"))
                    .append('\t').append(page.getInteger("passes")).append('\t').append(page.getJsonArray("violations").size()).append('\n');
        }
        Files.writeString(artefacts.resolve("summary.tsv"), b.toString());
        System.out.print(b);
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(dir, command).canExecute()) {
                return true;
            }
        }
        return false;
    }

    private static void exec(List<String> command, File dir, int seconds) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(seconds, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
    }
}
