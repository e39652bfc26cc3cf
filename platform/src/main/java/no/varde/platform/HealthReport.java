package no.varde.platform;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/** A snapshot of the platform's counters, served by /health and printed by the status line. */
record HealthReport(boolean up, long uptimeSeconds, long received, long stored, long rejected,
                    Map<String, Long> rejectedByReason, long devicesConnected, String streamJob,
                    Map<String, String> listeners, String problem) {

    JsonObject toJson() {
        JsonObject json = new JsonObject()
                .put("status", up ? "UP" : "DOWN")
                .put("uptimeSeconds", uptimeSeconds)
                .put("readings", new JsonObject().put("received", received).put("stored", stored).put("rejected", rejected))
                .put("rejectedByReason", new JsonObject(new java.util.LinkedHashMap<>(rejectedByReason)))
                .put("devicesConnected", devicesConnected)
                .put("streamJob", streamJob)
                .put("listeners", new JsonObject(new java.util.LinkedHashMap<>(listeners)));
        if (problem != null) {
            json.put("problem", problem);
        }
        return json;
    }

    String statusLine() {
        return String.format("readings received %d, stored %d, rejected %d | devices connected %d | stream job %s%s",
                received, stored, rejected, devicesConnected, streamJob, problem == null ? "" : " | " + problem);
    }
}
