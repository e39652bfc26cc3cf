package no.varde.alerting.http;

import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import javax.sql.DataSource;
import no.varde.alerting.AlertingException;
import no.varde.alerting.lifecycle.AlertActions;
import no.varde.alerting.lifecycle.AlertFilter;
import no.varde.alerting.lifecycle.AlertRow;
import no.varde.alerting.lifecycle.AlertStore;
import no.varde.alerting.outbox.Outbox;
import no.varde.alerting.residents.SignedLinks;
import no.varde.alerting.residents.SubscriptionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerting HTTP API ({@code /api/v1/alerts}, {@code /api/v1/notifications},
 * {@code /api/v1/subscriptions}, {@code /api/v1/alerting/status}; admin token) and the signed-link
 * pages ({@code /alerts/:id/ack}, {@code /residents/unsubscribe}; no token, the signature is the
 * permission). Described in {@code /api/v1/alerting/openapi.yaml}. Errors are
 * {@link AlertingException}s, turned into HTTP here and only here.
 */
public final class AlertingRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(AlertingRoutes.class);
    public static final String OPENAPI_PATH = "/api/v1/alerting/openapi.yaml";

    private final Vertx vertx;
    private final DataSource db;
    private final AlertStore store;
    private final AlertActions actions;
    private final Outbox outbox;
    private final SubscriptionStore subscriptions;
    private final SignedLinks links;
    private final Supplier<Map<String, Object>> status;
    private final byte[] adminToken;

    public AlertingRoutes(Vertx vertx, DataSource db, AlertStore store, AlertActions actions, Outbox outbox, SubscriptionStore subscriptions,
                          SignedLinks links, Supplier<Map<String, Object>> status, String adminToken) {
        this.vertx = vertx;
        this.db = db;
        this.store = store;
        this.actions = actions;
        this.outbox = outbox;
        this.subscriptions = subscriptions;
        this.links = links;
        this.status = status;
        this.adminToken = adminToken == null ? null : adminToken.getBytes(StandardCharsets.UTF_8);
    }

    public Router router() {
        Router router = Router.router(vertx);
        mount(router);
        return router;
    }

    public void mount(Router router) {
        BodyHandler body = BodyHandler.create().setBodyLimit(64 * 1024).setHandleFileUploads(false);
        for (String p : new String[] {"/api/v1/alerts*", "/api/v1/notifications*", "/api/v1/subscriptions*", "/api/v1/alerting/status"}) {
            router.route(p).handler(body).handler(this::requireAdmin);
        }
        router.route("/alerts/:id/ack").handler(body);
        router.route("/residents/unsubscribe").handler(body);

        router.get("/api/v1/alerts").handler(ctx -> json(ctx, 200, () -> {
            AlertFilter f = new AlertFilter(param(ctx, "state"), param(ctx, "domain"), param(ctx, "zone"), param(ctx, "severity"),
                    intParam(ctx, "limit", 50), intParam(ctx, "offset", 0));
            JsonArray list = new JsonArray();
            try (Connection c = db.getConnection()) {
                store.list(c, f).forEach(a -> list.add(AlertJson.alert(a)));
            }
            return new JsonObject().put("alerts", list);
        }));
        router.get("/api/v1/alerts/:id").handler(ctx -> json(ctx, 200, () -> {
            long id = id(ctx);
            try (Connection c = db.getConnection()) {
                AlertRow a = store.find(c, id).orElseThrow(() -> AlertingException.notFound("no alert " + id));
                return AlertJson.alert(a).put("anomalies", AlertJson.rows(store.anomaliesOf(c, id)))
                        .put("events", AlertJson.rows(store.events(c, id)))
                        .put("notifications", AlertJson.rows(outbox.list(id, null, null, 200)));
            }
        }));
        router.post("/api/v1/alerts/:id/acknowledge").handler(ctx -> json(ctx, 200, () ->
                AlertJson.alert(actions.acknowledge(id(ctx), body(ctx).getString("by")))));
        router.post("/api/v1/alerts/:id/resolve").handler(ctx -> json(ctx, 200, () -> {
            JsonObject b = body(ctx);
            return AlertJson.alert(actions.resolve(id(ctx), b.getString("by"), b.getString("comment"), b.getString("outcome")));
        }));
        router.post("/api/v1/alerts/:id/comments").handler(ctx -> json(ctx, 201, () -> {
            JsonObject b = body(ctx);
            return AlertJson.alert(actions.comment(id(ctx), b.getString("by"), b.getString("text")));
        }));
        router.post("/api/v1/alerts/:id/assign").handler(ctx -> json(ctx, 200, () -> {
            JsonObject b = body(ctx);
            return AlertJson.alert(actions.assign(id(ctx), b.getString("by"), b.getString("assignee")));
        }));
        router.post("/api/v1/alerts/:id/resident-warning").handler(ctx -> json(ctx, 200, () -> {
            JsonObject b = body(ctx);
            Map<String, String> notes = new HashMap<>();
            JsonObject n = b.getJsonObject("note", new JsonObject());
            n.forEach(e -> notes.put(e.getKey(), String.valueOf(e.getValue())));
            return AlertJson.alert(actions.confirmForResidents(id(ctx), b.getString("by"), notes));
        }));
        router.get("/api/v1/notifications").handler(ctx -> json(ctx, 200, () -> {
            String alert = param(ctx, "alert");
            return new JsonObject().put("notifications", AlertJson.rows(outbox.list(alert == null ? null : parseLong(alert, "alert"),
                    param(ctx, "status"), param(ctx, "channel"), intParam(ctx, "limit", 100))));
        }));
        router.get("/api/v1/alerting/status").handler(ctx -> json(ctx, 200, () -> new JsonObject(status.get())
                .put("outbox", AlertJson.rows(outbox.summary()))));

        router.get("/api/v1/subscriptions").handler(ctx -> json(ctx, 200, () -> {
            JsonArray list = new JsonArray();
            subscriptions.list(param(ctx, "zone"), intParam(ctx, "limit", 100), intParam(ctx, "offset", 0))
                    .forEach(s -> list.add(AlertJson.subscription(s)));
            return new JsonObject().put("subscriptions", list);
        }));
        router.post("/api/v1/subscriptions").handler(ctx -> json(ctx, 201, () -> {
            JsonObject b = body(ctx);
            Set<String> zones = new LinkedHashSet<>();
            b.getJsonArray("zones", new JsonArray()).forEach(z -> zones.add(String.valueOf(z)));
            SubscriptionStore.Subscription s = subscriptions.subscribe(b.getString("channel", "sms"), b.getString("address"),
                    b.getString("language", "nb"), zones);
            return AlertJson.subscription(s).put("unsubscribeUrl", links.unsubscribeUrl(s.id()));
        }));
        router.delete("/api/v1/subscriptions/:id").handler(ctx -> json(ctx, 200, () -> {
            UUID id = uuid(ctx.pathParam("id"));
            if (!subscriptions.unsubscribe(id)) {
                throw AlertingException.notFound("no subscription " + id);
            }
            return new JsonObject().put("deleted", id.toString());
        }));

        router.get("/alerts/:id/ack").handler(this::ackPage);
        router.post("/alerts/:id/ack").handler(this::ackPage);
        router.get("/residents/unsubscribe").handler(this::unsubscribePage);
        router.post("/residents/unsubscribe").handler(this::unsubscribePage);
        router.get(OPENAPI_PATH).handler(this::openApi);
    }

    private void ackPage(RoutingContext ctx) {
        long id;
        long exp;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
            exp = Long.parseLong(String.valueOf(ctx.request().getParam("exp")));
        } catch (NumberFormatException e) {
            Pages.page(ctx, 400, "en", "Link not valid", "This acknowledge link is incomplete.", null, null);
            return;
        }
        String by = ctx.request().getParam("by");
        if (!links.acknowledgeValid(id, by, exp, ctx.request().getParam("sig"), Instant.now())) {
            Pages.page(ctx, 403, "en", "Link not valid", "This acknowledge link has expired or was changed. Use the dashboard or the API.", null, null);
            return;
        }
        boolean viaChannel = by.startsWith("channel:");
        if (ctx.request().method() == io.vertx.core.http.HttpMethod.GET) {
            String nameField = viaChannel ? "<label for=\"name\">Your name</label><input id=\"name\" name=\"name\" required autocomplete=\"name\">" : null;
            Pages.page(ctx, 200, "en", "Acknowledge alert #" + id, "Acknowledging tells the others that you are handling it and stops "
                    + "reminders and escalation.", "Acknowledge alert #" + id, nameField);
            return;
        }
        String name = ctx.request().getFormAttribute("name");
        String actor = viaChannel ? (name == null || name.isBlank() ? "unknown" : name.strip()) + " (via " + by.substring(8) + ")" : by;
        vertx.executeBlocking(() -> actions.acknowledge(id, actor), false).onComplete(r -> {
            if (r.succeeded()) {
                Pages.page(ctx, 200, "en", "Alert #" + id + " acknowledged", "Thank you, " + actor + ". Reminders and escalation have stopped.", null, null);
            } else if (r.cause() instanceof AlertingException e) {
                Pages.page(ctx, e.status(), "en", "Alert #" + id, e.getMessage(), null, null);
            } else {
                LOG.error("Acknowledge by link failed for alert {}", id, r.cause());
                Pages.page(ctx, 500, "en", "Alert #" + id, "Something went wrong; please use the dashboard or call the on-call lead.", null, null);
            }
        });
    }

    private void unsubscribePage(RoutingContext ctx) {
        UUID id;
        try {
            id = UUID.fromString(String.valueOf(ctx.request().getParam("id")));
        } catch (IllegalArgumentException e) {
            Pages.page(ctx, 400, "nb", "Ugyldig lenke", "Lenken er ikke fullstendig.", null, null);
            return;
        }
        if (!links.unsubscribeValid(id, ctx.request().getParam("sig"))) {
            Pages.page(ctx, 403, "nb", "Ugyldig lenke", "Lenken er endret eller ugyldig. Kontakt kommunen for å avslutte varsler.", null, null);
            return;
        }
        if (ctx.request().method() == io.vertx.core.http.HttpMethod.GET) {
            Pages.page(ctx, 200, "nb", "Avslutt varsler", "Vil du ikke lenger få varsler om vannforsyningen? "
                    + "Nummeret eller e-postadressen din blir slettet.", "Avslutt varsler", null);
            return;
        }
        vertx.executeBlocking(() -> subscriptions.unsubscribe(id), false).onComplete(r -> {
            if (r.failed()) {
                LOG.error("Unsubscribe failed", r.cause());
                Pages.page(ctx, 500, "nb", "Noe gikk galt", "Prøv igjen senere, eller kontakt kommunen.", null, null);
            } else {
                Pages.page(ctx, 200, "nb", "Varsler avsluttet", r.result() ? "Du får ikke flere varsler, og opplysningene dine er slettet."
                        : "Du var allerede avmeldt.", null, null);
            }
        });
    }

    private void openApi(RoutingContext ctx) {
        try (InputStream in = AlertingRoutes.class.getResourceAsStream("/alerting/openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("alerting/openapi.yaml missing from the classpath");
            }
            ctx.response().putHeader("Content-Type", "application/yaml").end(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (Exception e) {
            ctx.fail(e);
        }
    }

    private void requireAdmin(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        byte[] presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (adminToken != null && MessageDigest.isEqual(presented, adminToken)) {
            ctx.next();
            return;
        }
        LOG.warn("Refused alerting request {} {} from {}", ctx.request().method(), ctx.request().path(), ctx.request().remoteAddress());
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"varde-admin\"");
        error(ctx, new AlertingException(401, "unauthorized", adminToken == null ? "the alerting API is off (no admin token)" : "admin token required"));
    }

    /** Runs blocking work off the event loop and writes its JSON, or the error. */
    private void json(RoutingContext ctx, int status, Callable<JsonObject> work) {
        vertx.executeBlocking(work, false).onComplete(r -> {
            if (r.succeeded()) {
                respond(ctx, status, r.result());
            } else {
                error(ctx, r.cause());
            }
        });
    }

    /** The one translation from failures to HTTP. */
    private void error(RoutingContext ctx, Throwable failure) {
        AlertingException e;
        if (failure instanceof AlertingException ae) {
            e = ae;
        } else if (failure instanceof IllegalArgumentException || failure instanceof DecodeException || failure instanceof ClassCastException) {
            e = AlertingException.badRequest(failure.getMessage());
        } else {
            LOG.error("Alerting request {} {} failed", ctx.request().method(), ctx.request().path(), failure);
            e = new AlertingException(500, "internal", failure instanceof java.sql.SQLException ? "database error" : "internal error");
        }
        respond(ctx, e.status(), new JsonObject().put("error", e.code()).put("message", e.getMessage()));
    }

    private static void respond(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
                .end(body.encodePrettily());
    }

    private static JsonObject body(RoutingContext ctx) {
        JsonObject b = ctx.body() == null || ctx.body().length() == 0 ? null : ctx.body().asJsonObject();
        if (b == null) {
            throw AlertingException.badRequest("a JSON body is required");
        }
        return b;
    }

    private static long id(RoutingContext ctx) {
        return parseLong(ctx.pathParam("id"), "alert id");
    }

    private static long parseLong(String s, String what) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw AlertingException.badRequest(what + " must be a number");
        }
    }

    private static UUID uuid(String s) {
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            throw AlertingException.notFound("no subscription " + s);
        }
    }

    private static String param(RoutingContext ctx, String name) {
        String v = ctx.request().getParam(name);
        return v == null || v.isBlank() ? null : v;
    }

    private static int intParam(RoutingContext ctx, String name, int fallback) {
        String v = param(ctx, name);
        return v == null ? fallback : (int) parseLong(v, name);
    }
}
