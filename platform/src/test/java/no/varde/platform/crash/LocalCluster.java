package no.varde.platform.crash;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Drives {@code deploy/local/cluster} (the distributed shape as separate processes) and reads its Flink REST API. */
final class LocalCluster {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final int MQTT_PORT = 21880;
    static final int FLINK_REST_PORT = 28081;

    private final Path stateDir;
    private final String database;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    LocalCluster(Path stateDir, String database, Path log) {
        this.stateDir = stateDir;
        this.database = database;
        this.log = log;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:5432/" + database + "?user=postgres";
    }

    Path stateDir() {
        return stateDir;
    }

    /** Runs {@code deploy/local/cluster ARGS}; fails with the end of its log when it fails. */
    void run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("deploy/local/cluster").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("VARDE_CLUSTER_DIR", stateDir.toString());
        builder.environment().put("VARDE_CLUSTER_DB", database);
        int exit = builder.start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("cluster " + String.join(" ", args) + " exited with " + exit + "; see " + log);
        }
    }

    /** The id of the job that is not finished, failed or cancelled, if any. */
    String activeJob() throws IOException, InterruptedException {
        Matcher m = Pattern.compile("\"id\":\"([0-9a-f]+)\",\"status\":\"(RUNNING|RESTARTING|CREATED|INITIALIZING|FAILING|RECONCILING)\"")
                .matcher(get("/jobs"));
        return m.find() ? m.group(1) : null;
    }

    /** The job RUNNING with every task RUNNING (not restarting, not being deployed or restored). */
    boolean jobFullyRunning() {
        try {
            String job = activeJob();
            if (job == null) {
                return false;
            }
            // The same reading of Flink's job details as the one-process platform's /health/ready.
            return no.varde.platform.JobReadiness.of(new io.vertx.core.json.JsonObject(get("/jobs/" + job))).problem() == null;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** How often the job has restarted so far (Flink's numRestarts metric). */
    long restarts() throws IOException, InterruptedException {
        String job = activeJob();
        if (job == null) {
            return -1;
        }
        Matcher m = Pattern.compile("\"value\":\"(\\d+)\"").matcher(get("/jobs/" + job + "/metrics?get=numRestarts"));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + FLINK_REST_PORT + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return r.body();
    }
}
