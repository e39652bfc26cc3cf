package no.varde.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server left running on a data directory by a platform that was killed (kill -9,
 * power loss of the JVM only): the embedded server runs as its own process, so it outlives the
 * JVM that started it. Found through {@code postmaster.pid} and stopped with PostgreSQL's own
 * signals (SIGINT is its "fast" shutdown, which still writes a clean checkpoint), so the next start
 * owns the directory. A pid file whose process is gone is PostgreSQL's business: it removes it.
 */
final class StalePostmaster {
    private static final Logger LOG = LoggerFactory.getLogger(StalePostmaster.class);

    private StalePostmaster() {
    }

    /** Stops the postmaster running on {@code dataDir}, if any; returns whether there was one. */
    static boolean stopIfRunning(Path dataDir, Duration patience) throws IOException, InterruptedException {
        Optional<ProcessHandle> postmaster = find(dataDir);
        if (postmaster.isEmpty()) {
            return false;
        }
        ProcessHandle p = postmaster.get();
        LOG.warn("A PostgreSQL server (pid {}) is still running on {}, left by a platform that did not stop; stopping it", p.pid(), dataDir);
        for (String signal : List.of("INT", "QUIT", "KILL")) {
            signal(p, signal);
            if (awaitExit(p, patience)) {
                return true;
            }
            LOG.warn("PostgreSQL (pid {}) did not stop on SIG{} within {} s", p.pid(), signal, patience.toSeconds());
        }
        throw new IOException("cannot stop the PostgreSQL server (pid " + p.pid() + ") running on " + dataDir);
    }

    /** The live postgres process named by {@code dataDir/postmaster.pid}, if that file exists and its process is PostgreSQL. */
    static Optional<ProcessHandle> find(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        if (lines.size() < 2) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).strip());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        // The second line is the data directory the server runs on: after a reboot the pid may belong to someone else.
        Path runningOn = Path.of(lines.get(1).strip());
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(true))
                .filter(p -> sameDirectory(runningOn, dataDir));
    }

    private static boolean sameDirectory(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    private static void signal(ProcessHandle p, String signal) throws IOException, InterruptedException {
        if ("KILL".equals(signal)) {
            p.destroyForcibly();
            return;
        }
        new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start().waitFor();
    }

    private static boolean awaitExit(ProcessHandle p, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return !p.isAlive();
    }
}
