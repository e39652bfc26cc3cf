package no.varde.ingest.http;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import no.varde.ingest.IngestException;
import no.varde.ingest.IngestStatus;
import no.varde.ingest.TelemetryOutcome;
import no.varde.model.validation.Rejection;

/** The one place where ingest outcomes and errors become HTTP responses (MqttCodes is its MQTT twin). */
public final class HttpResponses {
    private HttpResponses() {
    }

    public static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store").end(body.encodePrettily());
    }

    /** 200 all accepted, 207 some records rejected, 4xx refused as a whole. */
    public static void outcome(RoutingContext ctx, TelemetryOutcome outcome) {
        int status = outcome.ok() ? (outcome.rejections().isEmpty() ? 200 : 207) : outcome.status().httpStatus();
        JsonArray rejected = new JsonArray();
        for (Rejection r : outcome.rejections()) {
            JsonObject item = new JsonObject().put("reason", r.reason().code()).put("detail", r.detail());
            if (r.recordIndex() >= 0) {
                item.put("record", r.recordIndex());
            }
            rejected.add(item);
        }
        HttpServerResponse response = ctx.response();
        if (outcome.status() == IngestStatus.QUOTA_EXCEEDED) {
            response.putHeader("Retry-After", "1");
        }
        json(ctx, status, new JsonObject().put("accepted", outcome.accepted()).put("rejected", rejected)
                .put("message", outcome.summary()));
    }

    public static void error(RoutingContext ctx, Throwable failure) {
        IngestException e = failure instanceof IngestException ie ? ie
                : new IngestException(IngestStatus.UNAVAILABLE, "temporarily unable to accept data");
        HttpServerResponse response = ctx.response();
        switch (e.status()) {
            case BAD_CREDENTIALS -> response.putHeader("WWW-Authenticate", "Basic realm=\"varde\"");
            case UNAVAILABLE, QUOTA_EXCEEDED -> response.putHeader("Retry-After", "5");
            default -> { }
        }
        json(ctx, e.status().httpStatus(), new JsonObject().put("error", e.status().name().toLowerCase(java.util.Locale.ROOT))
                .put("message", e.getMessage()));
    }
}
