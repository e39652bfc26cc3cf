package no.varde.ingest.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import no.varde.storage.DeviceRegistryService;
import no.varde.model.DeviceKind;
import no.varde.storage.Device;
import no.varde.storage.RegisteredDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API for device provisioning, under {@code /api/v1/admin}. Every request needs
 * {@code Authorization: Bearer <admin token>}; the token is compared in constant time and never
 * logged. New device tokens appear once, in the response that created them.
 */
public final class AdminRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(AdminRoutes.class);
    static final String BASE = "/api/v1/admin";
    private static final Duration DEFAULT_GRACE = Duration.ofHours(24);

    private final Vertx vertx;
    private final DeviceRegistryService registry;
    private final byte[] adminToken;

    public AdminRoutes(Vertx vertx, DeviceRegistryService registry, String adminToken) {
        if (adminToken == null || adminToken.length() < 16) {
            throw new IllegalArgumentException("the admin token must be at least 16 characters");
        }
        this.vertx = vertx;
        this.registry = registry;
        this.adminToken = adminToken.getBytes(StandardCharsets.UTF_8);
    }

    public void mount(Router router) {
        router.route(BASE + "/*").handler(this::requireAdmin);
        router.get(BASE + "/devices").handler(ctx -> respond(ctx, 200, () -> {
            JsonArray list = new JsonArray();
            registry.list(intParam(ctx, "limit", 100), intParam(ctx, "offset", 0)).forEach(d -> list.add(toJson(d)));
            return new JsonObject().put("devices", list);
        }));
        router.post(BASE + "/devices/import").handler(ctx -> respond(ctx, 200, () -> {
            DeviceRegistryService.ImportResult result = registry.importCsv(ctx.body().asString("UTF-8"));
            JsonArray created = new JsonArray();
            result.created().forEach(i -> created.add(new JsonObject().put("id", i.device().device().id()).put("token", i.token())));
            return new JsonObject().put("created", created).put("errors", new JsonArray(result.errors()));
        }));
        router.post(BASE + "/devices").handler(ctx -> respond(ctx, 201, () -> {
            DeviceRegistryService.Issued issued = registry.create(fromJson(ctx.body().asJsonObject()));
            return new JsonObject().put("device", toJson(issued.device())).put("token", issued.token());
        }));
        router.get(BASE + "/devices/:id").handler(ctx -> respond(ctx, 200, () ->
                registry.find(ctx.pathParam("id")).map(AdminRoutes::toJson).orElse(null)));
        router.post(BASE + "/devices/:id/disable").handler(ctx -> respond(ctx, 200, () ->
                registry.setEnabled(ctx.pathParam("id"), false).map(AdminRoutes::toJson).orElse(null)));
        router.post(BASE + "/devices/:id/enable").handler(ctx -> respond(ctx, 200, () ->
                registry.setEnabled(ctx.pathParam("id"), true).map(AdminRoutes::toJson).orElse(null)));
        router.post(BASE + "/devices/:id/tokens").handler(ctx -> respond(ctx, 201, () -> {
            Duration grace = Duration.ofSeconds(intParam(ctx, "graceSeconds", (int) DEFAULT_GRACE.toSeconds()));
            return registry.rotate(ctx.pathParam("id"), grace).map(i -> new JsonObject().put("device", toJson(i.device()))
                    .put("token", i.token()).put("previousTokensValidForSeconds", grace.toSeconds())).orElse(null);
        }));
    }

    private void requireAdmin(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        byte[] presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (MessageDigest.isEqual(presented, adminToken)) {
            ctx.next();
        } else {
            LOG.warn("Refused admin request {} {} from {}", ctx.request().method(), ctx.request().path(), ctx.request().remoteAddress());
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"varde-admin\"");
            HttpResponses.json(ctx, 401, new JsonObject().put("error", "unauthorized").put("message", "admin token required"));
        }
    }

    /** Runs blocking registry work off the event loop; null means 404. */
    private void respond(RoutingContext ctx, int status, Callable<JsonObject> work) {
        Future<JsonObject> result = vertx.executeBlocking(work, false);
        result.onSuccess(body -> {
            if (body == null) {
                HttpResponses.json(ctx, 404, new JsonObject().put("error", "not_found").put("message", "no such device"));
            } else {
                HttpResponses.json(ctx, status, body);
            }
        }).onFailure(e -> {
            int code = e instanceof IllegalArgumentException || e instanceof io.vertx.core.json.DecodeException
                    || e instanceof ClassCastException ? 400 : e instanceof IllegalStateException ? 409 : 500;
            if (code == 500) {
                LOG.error("Admin request {} failed", ctx.request().path(), e);
            }
            String message = code == 500 ? (e instanceof SQLException ? "database error" : "internal error") : e.getMessage();
            HttpResponses.json(ctx, code, new JsonObject().put("error", code == 409 ? "conflict" : code == 400 ? "bad_request" : "internal")
                    .put("message", message));
        });
    }

    private static int intParam(RoutingContext ctx, String name, int fallback) {
        String value = ctx.request().getParam(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number");
        }
    }

    static Device fromJson(JsonObject json) {
        if (json == null || json.getString("id") == null || json.getString("kind") == null) {
            throw new IllegalArgumentException("a device needs at least 'id' and 'kind'");
        }
        Map<String, String> metadata = new HashMap<>();
        JsonObject meta = json.getJsonObject("metadata", new JsonObject());
        meta.forEach(e -> metadata.put(e.getKey(), String.valueOf(e.getValue())));
        return new Device(json.getString("id"), DeviceKind.fromId(json.getString("kind")), json.getString("zone"),
                json.getDouble("latitude"), json.getDouble("longitude"), json.getBoolean("enabled", true),
                json.getString("model"), json.getString("gateway"), metadata);
    }

    static JsonObject toJson(RegisteredDevice registered) {
        Device d = registered.device();
        return new JsonObject().put("id", d.id()).put("kind", d.kind().id()).put("zone", d.zone())
                .put("latitude", d.latitude()).put("longitude", d.longitude()).put("enabled", d.enabled())
                .put("model", d.model()).put("gateway", d.gatewayId()).put("metadata", new JsonObject(new HashMap<>(d.metadata())))
                .put("createdAt", registered.createdAt() == null ? null : registered.createdAt().toString())
                .put("lastSeen", registered.lastSeen() == null ? null : registered.lastSeen().toString())
                .put("activeTokens", registered.activeCredentials());
    }
}
