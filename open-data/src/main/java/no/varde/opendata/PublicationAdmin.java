package no.varde.opendata;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Set;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import no.varde.model.MetricCatalogue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API for what may be published ({@code Authorization: Bearer <admin token>}):
 * {@code GET /api/v1/publication} lists every level that is not the default,
 * {@code PUT /api/v1/publication/devices/<id>} and {@code PUT /api/v1/publication/metrics/<metric>}
 * with {@code {"publication": "public" | "aggregated" | "none"}} set one. A change applies to the
 * next request of the open API: nothing is cached but by the client, for at most the cache time.
 */
final class PublicationAdmin {
    private static final Logger LOG = LoggerFactory.getLogger(PublicationAdmin.class);
    static final Set<String> LEVELS = Set.of("public", "aggregated", "none");

    private final Vertx vertx;
    private final DataSource dataSource;
    private final byte[] adminToken;
    private final MetricCatalogue catalogue = MetricCatalogue.standard();

    PublicationAdmin(Vertx vertx, DataSource dataSource, String adminToken) {
        this.vertx = vertx;
        this.dataSource = dataSource;
        this.adminToken = adminToken == null ? null : ("Bearer " + adminToken).getBytes(StandardCharsets.UTF_8);
    }

    void mount(Router router) {
        router.route("/api/v1/publication*").handler(this::authorise);
        router.get("/api/v1/publication").handler(ctx -> answer(ctx, this::list));
        router.put("/api/v1/publication/:what/:id").handler(BodyHandler.create().setBodyLimit(1024)).handler(this::set);
    }

    private void authorise(RoutingContext ctx) {
        String presented = ctx.request().getHeader("Authorization");
        if (adminToken != null && presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), adminToken)) {
            ctx.next();
            return;
        }
        reply(ctx, 401, new JsonObject().put("error", "unauthorized").put("message", "admin token required"));
    }

    private void set(RoutingContext ctx) {
        String what = ctx.pathParam("what");
        String id = ctx.pathParam("id");
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (RuntimeException e) {
            body = null;
        }
        String level = body == null ? null : body.getString("publication");
        if (level == null || !LEVELS.contains(level)) {
            reply(ctx, 400, new JsonObject().put("error", "bad_request").put("message", "the body must be {\"publication\": \"public\", \"aggregated\" or \"none\"}"));
            return;
        }
        if (what.equals("devices")) {
            answer(ctx, () -> {
                try (Connection c = dataSource.getConnection();
                     PreparedStatement ps = c.prepareStatement("UPDATE devices SET publication = ? WHERE id = ? AND kind <> 'gateway'")) {
                    ps.setString(1, level);
                    ps.setString(2, id);
                    if (ps.executeUpdate() == 0) {
                        return null;
                    }
                }
                LOG.info("Publication of device {} set to {}", id, level);
                return new JsonObject().put("device", id).put("publication", level);
            });
        } else if (what.equals("metrics") && catalogue.find(id).isPresent()) {
            answer(ctx, () -> {
                try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO metric_publication (metric, publication) VALUES (?, ?) "
                                + "ON CONFLICT (metric) DO UPDATE SET publication = EXCLUDED.publication, updated_at = now()")) {
                    ps.setString(1, id);
                    ps.setString(2, level);
                    ps.executeUpdate();
                }
                LOG.info("Publication of metric {} set to {}", id, level);
                return new JsonObject().put("metric", id).put("publication", level);
            });
        } else {
            reply(ctx, 404, new JsonObject().put("error", "not_found").put("message", "no " + what + " '" + id + "'"));
        }
    }

    private JsonObject list() throws Exception {
        JsonArray devices = new JsonArray();
        JsonArray metrics = new JsonArray();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, publication FROM devices WHERE publication <> 'public' ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    devices.add(new JsonObject().put("device", rs.getString(1)).put("publication", rs.getString(2)));
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT metric, publication FROM metric_publication ORDER BY metric");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    metrics.add(new JsonObject().put("metric", rs.getString(1)).put("publication", rs.getString(2)));
                }
            }
        }
        return new JsonObject().put("default", "public").put("devices", devices).put("metrics", metrics);
    }

    private void answer(RoutingContext ctx, Callable<JsonObject> work) {
        vertx.executeBlocking(work, false).onComplete(r -> {
            if (r.failed()) {
                LOG.error("Publication admin request failed", r.cause());
                reply(ctx, 503, new JsonObject().put("error", "unavailable").put("message", "the database did not answer"));
            } else if (r.result() == null) {
                reply(ctx, 404, new JsonObject().put("error", "not_found").put("message", "no such device"));
            } else {
                reply(ctx, 200, r.result());
            }
        });
    }

    private static void reply(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }
}
