package no.varde.ingest.lorawan;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Function;
import no.varde.ingest.IngestPipeline;
import no.varde.ingest.IngestStatus;
import no.varde.ingest.TelemetryOutcome;
import no.varde.ingest.http.HttpResponses;
import no.varde.ingest.mqtt.PublishTopic;
import no.varde.model.validation.RejectReason;
import no.varde.model.validation.Rejection;
import no.varde.storage.Device;
import no.varde.storage.DeviceRepository;

/**
 * A LoRaWAN network server's uplink webhook (ChirpStack v4 HTTP integration or The Things Stack
 * v3 webhook): check the integration's bearer token → parse the uplink → find the device by its
 * DevEUI → map decoded fields to metrics → the same pipeline as MQTT and HTTP devices.
 */
public final class LoraWanIntegrationHandler implements Handler<RoutingContext> {
    private final Vertx vertx;
    private final IngestPipeline pipeline;
    private final DeviceRepository devices;
    private final FieldMapping mapping;
    private final byte[] integrationToken;
    private final String source;
    private final Function<JsonObject, LoraWanUplink> parser;
    private final BiPredicate<RoutingContext, JsonObject> isUplink;

    public LoraWanIntegrationHandler(Vertx vertx, IngestPipeline pipeline, DeviceRepository devices, FieldMapping mapping,
                                     String integrationToken, String source, Function<JsonObject, LoraWanUplink> parser,
                                     BiPredicate<RoutingContext, JsonObject> isUplink) {
        this.vertx = vertx;
        this.pipeline = pipeline;
        this.devices = devices;
        this.mapping = mapping;
        this.integrationToken = integrationToken.getBytes(StandardCharsets.UTF_8);
        this.source = source;
        this.parser = parser;
        this.isUplink = isUplink;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        byte[] presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(presented, integrationToken)) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"varde-integrations\"");
            HttpResponses.json(ctx, 401, new JsonObject().put("error", "unauthorized").put("message", "integration token required"));
            return;
        }
        byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        String where = "integration:" + source;
        LoraWanUplink uplink;
        try {
            JsonObject json = ctx.body().asJsonObject();
            if (json == null || !isUplink.test(ctx, json)) {
                // Join, status, ack and location events are not readings: accepted and ignored.
                ctx.response().setStatusCode(204).end();
                return;
            }
            uplink = parser.apply(json);
        } catch (RuntimeException e) {
            answer(ctx, pipeline.refuse(where, where, body, IngestStatus.BAD_PAYLOAD,
                    Rejection.ofMessage(RejectReason.MALFORMED_PAYLOAD, "not a " + source + " uplink: " + e.getMessage())));
            return;
        }
        vertx.executeBlocking(() -> devices.findByDevEui(uplink.devEui()).orElse(null), false).onComplete(found -> {
            if (found.failed()) {
                HttpResponses.error(ctx, found.cause());
            } else if (found.result() == null) {
                String message = "no enabled device is registered with dev_eui " + uplink.devEui();
                pipeline.refuse(where, where + " dev_eui=" + uplink.devEui(), body, IngestStatus.NOT_AUTHORIZED,
                                Rejection.ofMessage(RejectReason.UNKNOWN_DEVICE, message))
                        .onSuccess(o -> HttpResponses.json(ctx, 404, new JsonObject().put("error", "unknown_device").put("message", message)))
                        .onFailure(e -> HttpResponses.error(ctx, e));
            } else {
                forward(ctx, found.result(), uplink, where, body);
            }
        });
    }

    private void forward(RoutingContext ctx, Device device, LoraWanUplink uplink, String where, byte[] body) {
        JsonObject compact = new JsonObject();
        JsonObject units = new JsonObject();
        if (uplink.time() != null) {
            compact.put("t", uplink.time().toString());
        }
        if (uplink.decoded() != null) {
            for (Map.Entry<String, Object> field : uplink.decoded()) {
                mapping.target(device.kind(), field.getKey()).ifPresent(target -> {
                    if (field.getValue() instanceof Number number) {
                        compact.put(target.metric(), number.doubleValue());
                        units.put(target.metric(), target.unit());
                    }
                });
            }
        }
        if (units.isEmpty()) {
            answer(ctx, pipeline.refuse(device.id(), where, body, IngestStatus.BAD_PAYLOAD, Rejection.ofMessage(
                    RejectReason.EMPTY_PAYLOAD, "no decoded field maps to a metric of a " + device.kind().id() + " device")));
            return;
        }
        compact.put("units", units);
        answer(ctx, pipeline.telemetry(device.id(), where, new PublishTopic(PublishTopic.Kind.TELEMETRY, null, device.id()),
                compact.encode().getBytes(StandardCharsets.UTF_8), Instant.now()));
    }

    private static void answer(RoutingContext ctx, Future<TelemetryOutcome> outcome) {
        outcome.onSuccess(o -> HttpResponses.outcome(ctx, o)).onFailure(e -> HttpResponses.error(ctx, e));
    }
}
