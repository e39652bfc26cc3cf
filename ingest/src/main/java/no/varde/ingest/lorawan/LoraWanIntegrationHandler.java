package no.varde.ingest.lorawan;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import no.varde.ingest.IngestPipeline;
import no.varde.ingest.IngestStatus;
import no.varde.ingest.TelemetryOutcome;
import no.varde.ingest.http.HttpResponses;
import no.varde.model.senml.SenmlPack;
import no.varde.model.validation.RejectReason;
import no.varde.model.validation.Rejection;
import no.varde.storage.Device;
import no.varde.storage.DeviceRadioRepository;
import no.varde.storage.DeviceRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A LoRaWAN network server's webhook (ChirpStack v4 HTTP integration, The Things Stack v3 webhook
 * or event stream): check the integration's bearer token → classify the body (uplink, documented
 * event without readings, or refused) → find the device by its DevEUI → drop a repeated frame
 * counter → map decoded fields to records by the device's model → the same validation and
 * durable hand-off as MQTT and HTTP devices → keep the radio report.
 */
public final class LoraWanIntegrationHandler implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(LoraWanIntegrationHandler.class);

    private final Vertx vertx;
    private final IngestPipeline pipeline;
    private final DeviceRepository devices;
    private final DeviceRadioRepository radio;
    private final FieldMapping mapping;
    private final UplinkMapper mapper;
    private final byte[] integrationToken;
    private final NetworkServerFormat format;

    public LoraWanIntegrationHandler(Vertx vertx, IngestPipeline pipeline, DeviceRepository devices, DeviceRadioRepository radio,
                                     FieldMapping mapping, UplinkMapper mapper, String integrationToken, NetworkServerFormat format) {
        this.vertx = vertx;
        this.pipeline = pipeline;
        this.devices = devices;
        this.radio = radio;
        this.mapping = mapping;
        this.mapper = mapper;
        this.integrationToken = integrationToken.getBytes(StandardCharsets.UTF_8);
        this.format = format;
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
        Instant receivedAt = Instant.now();
        byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        String where = "integration:" + format.source();
        NetworkServerEvent event;
        try {
            JsonObject json = ctx.body().asJsonObject();
            event = json == null
                    ? new NetworkServerEvent.Refused(RejectReason.EMPTY_PAYLOAD, "the request has no body")
                    : format.classify(ctx.request().getParam("event"), json);
        } catch (DecodeException | ClassCastException e) {
            event = new NetworkServerEvent.Refused(RejectReason.MALFORMED_PAYLOAD, "the body is not a JSON object"
                    + " (set the integration's payload encoding to JSON)");
        }
        if (event instanceof NetworkServerEvent.Other other) {
            // Documented events without readings: counted, acknowledged, not stored.
            pipeline.metrics().integrationEvent(format.source(), other.event());
            ctx.response().setStatusCode(204).end();
        } else if (event instanceof NetworkServerEvent.Refused refused) {
            answer(ctx, pipeline.refuse(where, where, body, IngestStatus.BAD_PAYLOAD,
                    Rejection.ofMessage(refused.reason(), refused.message())));
        } else if (event instanceof NetworkServerEvent.Uplink uplink) {
            findDevice(ctx, uplink.uplink(), where, body, receivedAt);
        }
    }

    private void findDevice(RoutingContext ctx, LoraWanUplink uplink, String where, byte[] body, Instant receivedAt) {
        vertx.executeBlocking(() -> {
            Device device = devices.findByDevEui(uplink.devEui()).orElse(null);
            boolean repeat = device != null && radio.isRepeat(device.id(), uplink.radio());
            return new Found(device, repeat);
        }, false).onComplete(found -> {
            if (found.failed()) {
                HttpResponses.error(ctx, found.cause());
            } else if (found.result().device() == null) {
                String message = "no enabled device is registered with dev_eui " + NumericText.printable(uplink.devEui());
                pipeline.refuse(where, where + " dev_eui=" + NumericText.printable(uplink.devEui()), body, IngestStatus.NOT_AUTHORIZED,
                                Rejection.ofMessage(RejectReason.UNKNOWN_DEVICE, message))
                        .onSuccess(o -> HttpResponses.json(ctx, 404, new JsonObject().put("error", "unknown_device").put("message", message)))
                        .onFailure(e -> HttpResponses.error(ctx, e));
            } else if (found.result().repeat()) {
                pipeline.metrics().integrationRepeat(format.source());
                HttpResponses.json(ctx, 200, new JsonObject().put("accepted", 0).put("repeat", true).put("message",
                        "frame counter " + uplink.radio().fCnt() + " of " + found.result().device().id()
                                + " was received already; not stored again"));
            } else {
                forward(ctx, found.result().device(), uplink, where, body, receivedAt);
            }
        });
    }

    private record Found(Device device, boolean repeat) {
    }

    private void forward(RoutingContext ctx, Device device, LoraWanUplink uplink, String where, byte[] body, Instant receivedAt) {
        FieldMapping.Selection selection = mapping.select(device, uplink.profile());
        SenmlPack records = mapper.map(selection, uplink.decoded(), uplink.time() != null ? uplink.time() : receivedAt);
        Future<TelemetryOutcome> outcome;
        if (records.records().isEmpty() && records.rejections().isEmpty()) {
            String mappedBy = selection.model() != null ? "the " + selection.model() + " model file or the " + device.kind().id()
                    + " mapping" : "the " + device.kind().id() + " mapping (no model file matches model '"
                    + device.model() + "' or profile '" + uplink.profile() + "')";
            String message = uplink.decoded() == null
                    ? "the uplink carries no decoded payload: configure a payload codec for the device profile"
                    : "no decoded field maps to a metric by " + mappedBy + "; fields present: " + UplinkMapper.fieldNames(uplink.decoded());
            outcome = pipeline.refuse(device.id(), where, body, IngestStatus.BAD_PAYLOAD,
                    Rejection.ofMessage(RejectReason.EMPTY_PAYLOAD, message));
        } else {
            outcome = pipeline.integrationUplink(device.id(), where, body, receivedAt, records);
        }
        // The radio report (and so the frame counter that marks a repeat) is kept only once the
        // uplink's outcome is durable and not a "try again": a retry after a failed hand-off or a
        // rate-limit refusal must be stored, not dropped as a repeat.
        answer(ctx, outcome.compose(done -> done.status() == IngestStatus.QUOTA_EXCEEDED ? Future.succeededFuture(done)
                : vertx.executeBlocking(() -> {
            radio.record(device.id(), uplink.radio());
            return done;
        }, false).recover(e -> {
            LOG.warn("Could not keep the radio report of {}: {}", device.id(), e.getMessage());
            return Future.succeededFuture(done);
        })));
    }

    private static void answer(RoutingContext ctx, Future<TelemetryOutcome> outcome) {
        outcome.onSuccess(o -> HttpResponses.outcome(ctx, o)).onFailure(e -> HttpResponses.error(ctx, e));
    }
}
