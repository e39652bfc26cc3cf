package no.varde.platform.costcurve;

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
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/varde run} as a child process, watched from outside as an operator would: its
 * health endpoint, its resident memory from /proc, its heap from /metrics, and Flink's
 * checkpoint lines from its log (the log configuration is extended to print them).
 */
final class PlatformProcess implements AutoCloseable {
    private static final Pattern COMPLETED = Pattern.compile(
            "(\\d\\d:\\d\\d:\\d\\d\\.\\d+) INFO\\s+CheckpointCoordinator - Completed checkpoint (\\d+) for job \\S+ \\((\\d+) bytes, checkpointDuration=(\\d+) ms");
    private static final Pattern HEAP_USED = Pattern.compile("jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} ([0-9.eE+]+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** One completed checkpoint as Flink's coordinator logged it. */
    record Checkpoint(long id, long bytes, long durationMs) {
    }

    private final Process process;
    private final Path log;
    private final int httpPort;

    private PlatformProcess(Process process, Path log, int httpPort) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
    }

    static PlatformProcess start(Path varde, Path dataDir, List<String> runArguments, int httpPort, String javaOptions, Path log)
            throws IOException {
        Path extraLog = dataDir.resolveSibling(dataDir.getFileName() + "-checkpoint-log.xml");
        Files.writeString(extraLog, """
                <?xml version="1.0" encoding="UTF-8"?>
                <Configuration status="WARN">
                  <Loggers><Logger name="org.apache.flink.runtime.checkpoint.CheckpointCoordinator" level="INFO"/></Loggers>
                </Configuration>
                """, StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of(varde.toString(), "run", "--data-dir", dataDir.toString(),
                "--http-port", Integer.toString(httpPort)));
        command.addAll(runArguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        env.put("VARDE_JAVA_OPTS", (javaOptions == null ? "" : javaOptions + " ")
                + "-Dlog4j2.configurationFile=classpath:log4j2.xml," + extraLog);
        env.put("VARDE_HOME", dataDir.resolveSibling(dataDir.getFileName() + "-home").toString());
        return new PlatformProcess(builder.start(), log, httpPort);
    }

    /** Waits until /health/ready answers 200 (everything up, the stream job running). */
    Duration awaitReady(Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("varde run exited with " + process.exitValue() + "; see " + log);
            }
            if (get("/health/ready").map(r -> r.statusCode() == 200).orElse(false)) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("varde run not ready within " + timeout + "; see " + log);
    }

    /** Resident set size of the platform's JVM (the java process under bin/varde), bytes. */
    OptionalLong residentBytes() {
        return java().map(pid -> {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return OptionalLong.of(Long.parseLong(line.replaceAll("\\D", "")) * 1024);
                    }
                }
            } catch (IOException e) {
                // gone between the listing and the read
            }
            return OptionalLong.empty();
        }).orElse(OptionalLong.empty());
    }

    /** Heap in use, all pools, from the platform's own /metrics; empty when it does not answer. */
    OptionalLong heapUsedBytes() {
        return get("/metrics").map(r -> {
            Matcher m = HEAP_USED.matcher(r.body());
            double sum = 0;
            boolean any = false;
            while (m.find()) {
                sum += Double.parseDouble(m.group(1));
                any = true;
            }
            return any ? OptionalLong.of((long) sum) : OptionalLong.empty();
        }).orElse(OptionalLong.empty());
    }

    /** Checkpoints completed so far, in order. */
    List<Checkpoint> checkpoints() throws IOException {
        return checkpoints(Files.readAllLines(log, StandardCharsets.UTF_8));
    }

    /** Completed checkpoints in log lines as Flink's CheckpointCoordinator writes them under Varde's pattern. */
    static List<Checkpoint> checkpoints(List<String> lines) {
        List<Checkpoint> list = new ArrayList<>();
        for (String line : lines) {
            Matcher m = COMPLETED.matcher(line);
            if (m.find()) {
                list.add(new Checkpoint(Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), Long.parseLong(m.group(4))));
            }
        }
        return list;
    }

    /** Stops it as Ctrl-C would (TERM, parts stopped in order) and waits. */
    Duration stop(Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop(Duration.ofSeconds(60));
        }
    }

    private java.util.Optional<Long> java() {
        return process.descendants().filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false))
                .map(ProcessHandle::pid).findFirst();
    }

    private java.util.Optional<HttpResponse<String>> get(String path) {
        try {
            return java.util.Optional.of(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return java.util.Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        }
    }
}
