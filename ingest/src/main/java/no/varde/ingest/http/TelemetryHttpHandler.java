package no.varde.ingest.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import no.varde.ingest.IngestException;
import no.varde.ingest.IngestPipeline;
import no.varde.ingest.auth.DeviceCredentials;
import no.varde.ingest.mqtt.PublishTopic;

/**
 * {@code POST /api/v1/telemetry} for devices that cannot speak MQTT: HTTP Basic authentication
 * (device id, token), a SenML or compact JSON body, and the same pipeline as MQTT. A gateway
 * posts for an assigned device with {@code ?device=ID}. The response is 200 when every record was
 * accepted, 207 with the rejected ones listed, 400/401/403/413/429/503 when refused as a whole.
 */
public final class TelemetryHttpHandler implements Handler<RoutingContext> {
    static final String PATH = "/api/v1/telemetry";

    private final IngestPipeline pipeline;

    public TelemetryHttpHandler(IngestPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Instant receivedAt = Instant.now();
        String authorization = ctx.request().getHeader("Authorization");
        byte[] payload = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        Future.succeededFuture(authorization)
                .map(DeviceCredentials::fromBasicAuth)
                .compose(pipeline.authenticator()::authenticate)
                .onFailure(e -> refused(ctx, authorization, e))
                .onSuccess(senderId -> {
                    String forDevice = ctx.request().getParam("device");
                    PublishTopic topic = forDevice == null || forDevice.equals(senderId)
                            ? new PublishTopic(PublishTopic.Kind.TELEMETRY, null, senderId)
                            : new PublishTopic(PublishTopic.Kind.TELEMETRY, senderId, forDevice);
                    pipeline.telemetry(senderId, "http:" + PATH + (forDevice == null ? "" : "?device=" + forDevice), topic,
                                    payload, receivedAt)
                            .onSuccess(outcome -> HttpResponses.outcome(ctx, outcome))
                            .onFailure(e -> HttpResponses.error(ctx, e));
                });
    }

    private void refused(RoutingContext ctx, String authorization, Throwable error) {
        if (error instanceof IngestException e && e.status() != no.varde.ingest.IngestStatus.UNAVAILABLE) {
            pipeline.metrics().connectionRefused();
            pipeline.refusedCredentials(DeviceCredentials.claimedIdFromBasicAuth(authorization),
                    "(http " + PATH + " from " + ctx.request().remoteAddress() + ")", e);
        }
        HttpResponses.error(ctx, error);
    }
}
