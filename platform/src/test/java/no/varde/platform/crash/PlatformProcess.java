package no.varde.platform.crash;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code varde run} as a child process, as an operator runs it: its own JVM, its own data
 * directory, fixed MQTT and HTTP ports (devices reconnect to the same address after a restart).
 * It can be killed the way a power cut or the OOM killer does it: SIGKILL, no shutdown hook.
 */
final class PlatformProcess {
    private final Process process;
    private final Path log;
    private final int httpPort;

    private PlatformProcess(Process process, Path log, int httpPort) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
    }

    static PlatformProcess start(Path dataDir, int mqttPort, int httpPort, Path log, String... extra) throws IOException {
        return start(java.util.Map.of(), dataDir, mqttPort, httpPort, log, extra);
    }

    /** As above, with {@code env} added to the platform's environment (e.g. VARDE_STATE_BACKEND). */
    static PlatformProcess start(java.util.Map<String, String> env, Path dataDir, int mqttPort, int httpPort, Path log, String... extra)
            throws IOException {
        Files.createDirectories(dataDir.resolve("tmp"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx640m", "-XX:MaxDirectMemorySize=256m", "-Djava.io.tmpdir=" + dataDir.resolve("tmp"),
                "-cp", System.getProperty("java.class.path"), "no.varde.platform.VardeCli", "run",
                "--data-dir", dataDir.toString(), "--devices", "0", "--mqtt-port", Integer.toString(mqttPort),
                "--mqtt-tls-port", "0", "--http-port", Integer.toString(httpPort), "--device-rate", "0", "--status-every", "5"));
        command.addAll(List.of(extra));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().remove("VARDE_DATA_DIR");
        builder.environment().remove("VARDE_ADMIN_TOKEN");
        builder.environment().remove("VARDE_STATE_BACKEND");
        builder.environment().putAll(env);
        return new PlatformProcess(builder.start(), log, httpPort);
    }

    /** Waits until /health says UP (database reachable, stream job RUNNING). */
    void awaitUp(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("varde run exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().matches("(?s).*\"status\"\\s*:\\s*\"UP\".*")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("varde run not up after " + timeout + "; see " + log);
    }

    /** SIGKILL, as a power cut or the OOM killer would: no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, as Ctrl-C through bin/varde or systemd would: the parts stop in order. */
    int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
        return process.exitValue();
    }

    /** The embedded PostgreSQL's postmaster, a process of its own that outlives the platform's JVM. */
    static Optional<ProcessHandle> postmaster(Path dataDir) throws IOException {
        Path pid = dataDir.resolve("postgres/data/postmaster.pid");
        if (!Files.exists(pid)) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(Files.readAllLines(pid, StandardCharsets.UTF_8).get(0).strip())).filter(ProcessHandle::isAlive);
    }

    String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }
}
