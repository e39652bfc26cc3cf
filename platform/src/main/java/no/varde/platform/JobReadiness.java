package no.varde.platform;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Whether the stream job is doing its work, asked of the MiniCluster's REST endpoint (loopback
 * only): a job is RUNNING as soon as it is scheduled, while its tasks may still be restoring their
 * state from a checkpoint (INITIALIZING), which at 100,000 devices took minutes; until every task
 * runs, no reading is stored or checked, so the platform is not ready.
 */
public final class JobReadiness {
    /** The job's state and, when it is not doing its work, why; {@code problem} is null when ready. */
    public record Status(String job, String problem) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI job;

    JobReadiness(int restPort, String jobId) {
        this.job = URI.create("http://127.0.0.1:" + restPort + "/jobs/" + jobId);
    }

    Status check() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(job).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("Flink's REST endpoint answered " + response.statusCode() + " for " + job);
        }
        return of(new JsonObject(response.body()));
    }

    /** Reads Flink's job details ({@code GET /jobs/<id>}): {@code state}, and per vertex its task counts by state. */
    public static Status of(JsonObject details) {
        String state = details.getString("state", "UNKNOWN");
        if (!"RUNNING".equals(state)) {
            return new Status(state, "stream job is " + state);
        }
        JsonArray vertices = details.getJsonArray("vertices", new JsonArray());
        int tasks = 0;
        int running = 0;
        for (int i = 0; i < vertices.size(); i++) {
            JsonObject counts = vertices.getJsonObject(i).getJsonObject("tasks", new JsonObject());
            for (String s : counts.fieldNames()) {
                int n = counts.getInteger(s, 0);
                tasks += n;
                running += "RUNNING".equals(s) ? n : 0;
            }
        }
        if (tasks == 0 || running < tasks) {
            return new Status(state, "stream job is starting: " + running + " of " + tasks
                    + " tasks running (the others are being deployed or are restoring their state from the last checkpoint)");
        }
        return new Status(state, null);
    }
}
