package no.varde.opendata.sta;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import no.varde.model.MetricCatalogue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OGC SensorThings API 1.1, Part 1: Sensing, read-only, at a configurable base path
 * ({@code /sta/v1.1} by default). Open data: no token, GET only, CORS for browsers. Every answer
 * is built from Varde's tables at the time of the request (no copy to go stale).
 */
public final class StaRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(StaRoutes.class);
    public static final String DEFAULT_BASE_PATH = "/sta/v1.1";
    static final List<String> CONFORMANCE = List.of(
            "http://www.opengis.net/spec/iot_sensing/1.1/req/datamodel",
            "http://www.opengis.net/spec/iot_sensing/1.1/req/resource-path/resource-path-to-entities",
            "http://www.opengis.net/spec/iot_sensing/1.1/req/request-data",
            "http://www.opengis.net/spec/iot_sensing/1.1/req/data-array/data-array");

    private final Vertx vertx;
    private final EntityTypes types;
    private final StaQuery query;
    private final String basePath;
    private final String publicBase;

    /** @param publicUrl the server's URL as clients reach it (links are absolute), without a trailing slash */
    public StaRoutes(Vertx vertx, DataSource dataSource, String basePath, String publicUrl) {
        this.vertx = vertx;
        this.types = new EntityTypes(MetricCatalogue.standard());
        this.query = new StaQuery(dataSource);
        this.basePath = basePath;
        this.publicBase = publicUrl.replaceAll("/+$", "") + basePath;
    }

    public void mount(Router router) {
        router.routeWithRegex(Pattern.quote(basePath) + "(/.*)?").handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        ctx.response().putHeader("Access-Control-Allow-Origin", "*");
        switch (ctx.request().method().name()) {
            case "GET", "HEAD" -> {
            }
            case "OPTIONS" -> {
                ctx.response().putHeader("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS").putHeader("Access-Control-Max-Age", "86400")
                        .setStatusCode(204).end();
                return;
            }
            default -> {
                error(ctx, new StaException(405, "the open SensorThings API is read-only"));
                return;
            }
        }
        String raw = ctx.request().path().substring(basePath.length());
        String path = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8).replaceAll("^/+|/+$", "");
        if (path.isEmpty()) {
            json(ctx, root());
            return;
        }
        answer(ctx, () -> {
            StaPath target = StaPath.resolve(types, path);
            StaRequest request = StaRequest.of(ctx.request().params());
            return target.single() ? one(target, request) : collection(target, request, ctx);
        });
    }

    private Object one(StaPath target, StaRequest request) throws Exception {
        StaQuery.Page page = query.page(target.type(), target.where(), new StaRequest(null, List.of(), 1, 0, false, Set.of(), null, false));
        if (page.rows().isEmpty()) {
            throw StaException.notFound("no such " + target.type().name() + " entity");
        }
        JsonObject entity = entity(target.type(), page.rows().get(0), page.ids().get(0));
        if (target.property() != null) {
            Object value = entity.getValue(target.property().equals("id") ? "@iot.id" : target.property());
            if (target.rawValue()) {
                return new RawValue(value == null ? "" : String.valueOf(value));
            }
            return new JsonObject().put(target.property(), value);
        }
        return select(entity, request);
    }

    private JsonObject collection(StaPath target, StaRequest request, RoutingContext ctx) throws Exception {
        StaQuery.Page page = query.page(target.type(), target.where(), request);
        JsonObject body = new JsonObject();
        if (page.count() != null) {
            body.put("@iot.count", page.count());
        }
        String next = nextLink(ctx, page);
        if (request.dataArray() && target.type().name().equals("Observations")) {
            body.put("value", DataArray.of(page, publicBase));
        } else {
            JsonArray value = new JsonArray();
            for (int i = 0; i < page.rows().size(); i++) {
                JsonObject e = entity(target.type(), page.rows().get(i), page.ids().get(i));
                value.add(target.refs() ? new JsonObject().put("@iot.selfLink", e.getString("@iot.selfLink")) : select(e, request));
            }
            body.put("value", value);
        }
        if (next != null) {
            body.put("@iot.nextLink", next);
        }
        return body;
    }

    private JsonObject entity(EntityType type, JsonObject fields, String id) {
        String self = publicBase + "/" + type.name() + "('" + id.replace("'", "''") + "')";
        JsonObject e = new JsonObject().put("@iot.id", id).put("@iot.selfLink", self);
        e.mergeIn(fields);
        for (EntityType.Link link : type.links()) {
            e.put(link.name() + "@iot.navigationLink", self + "/" + link.name());
        }
        return e;
    }

    private static JsonObject select(JsonObject entity, StaRequest request) {
        if (request.select().isEmpty()) {
            return entity;
        }
        JsonObject out = new JsonObject();
        for (Map.Entry<String, Object> field : entity) {
            String name = field.getKey().replace("@iot.navigationLink", "");
            if (request.select().contains(field.getKey()) || request.select().contains(name)) {
                out.put(field.getKey(), field.getValue());
            }
        }
        return out;
    }

    private String nextLink(RoutingContext ctx, StaQuery.Page page) {
        if (page.skipToken() == null && page.nextSkip() == null) {
            return null;
        }
        StringBuilder q = new StringBuilder();
        for (Map.Entry<String, String> p : ctx.request().params()) {
            if (p.getKey().equals("$skiptoken") || (page.nextSkip() != null && p.getKey().equals("$skip"))
                    || (page.skipToken() != null && p.getKey().equals("$skip"))) {
                continue;
            }
            q.append(q.isEmpty() ? "" : "&").append(encode(p.getKey())).append('=').append(encode(p.getValue()));
        }
        q.append(q.isEmpty() ? "" : "&").append(page.skipToken() != null ? "$skiptoken=" + page.skipToken() : "$skip=" + page.nextSkip());
        return publicBase + ctx.request().path().substring(basePath.length()) + "?" + q;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("%24", "$").replace("%27", "'");
    }

    private JsonObject root() {
        JsonArray sets = new JsonArray();
        for (EntityType t : types.all()) {
            sets.add(new JsonObject().put("name", t.name()).put("url", publicBase + "/" + t.name()));
        }
        return new JsonObject().put("value", sets).put("serverSettings", new JsonObject().put("conformance", new JsonArray(CONFORMANCE)));
    }

    /** A property's value as text ({@code $value}). */
    private record RawValue(String text) {
    }

    private void answer(RoutingContext ctx, Callable<Object> work) {
        vertx.executeBlocking(work, false).onComplete(result -> {
            if (result.succeeded() && result.result() instanceof RawValue raw) {
                ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8").end(raw.text());
            } else if (result.succeeded()) {
                json(ctx, (JsonObject) result.result());
            } else if (result.cause() instanceof StaException e) {
                error(ctx, e);
            } else {
                LOG.error("SensorThings request {} failed", ctx.request().uri(), result.cause());
                error(ctx, new StaException(503, "the database did not answer"));
            }
        });
    }

    private static void json(RoutingContext ctx, JsonObject body) {
        ctx.response().putHeader("Content-Type", "application/json; charset=utf-8").end(body.encode());
    }

    private static void error(RoutingContext ctx, StaException e) {
        ctx.response().setStatusCode(e.status()).putHeader("Content-Type", "application/json; charset=utf-8")
                .end(new JsonObject().put("code", e.status()).put("type", "error").put("message", e.getMessage()).encode());
    }
}
