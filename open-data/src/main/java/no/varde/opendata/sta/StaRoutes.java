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
    private final EntityReader reader;
    private final String basePath;
    private final String publicBase;
    private final RateLimiter limiter;
    private final int cacheSeconds;

    /** @param publicUrl the server's URL as clients reach it (links are absolute), without a trailing slash */
    /**
     * @param k                 a zone's mean is published only for hours with at least this many devices in it
     * @param requestsPerMinute per client address, beyond which requests get 429 with Retry-After
     * @param cacheSeconds      how long caches may keep an answer (Cache-Control max-age)
     */
    public StaRoutes(Vertx vertx, DataSource dataSource, String basePath, String publicUrl, int k, int requestsPerMinute, int cacheSeconds) {
        this.limiter = new RateLimiter(requestsPerMinute);
        this.cacheSeconds = cacheSeconds;
        if (k < 2) {
            throw new IllegalArgumentException("k must be at least 2: a mean over one device is that device's reading");
        }
        this.vertx = vertx;
        this.types = new EntityTypes(MetricCatalogue.standard(), k);
        this.basePath = basePath;
        this.publicBase = publicUrl.replaceAll("/+$", "") + basePath;
        this.reader = new EntityReader(types, new StaQuery(dataSource), publicBase);
    }

    public void mount(Router router) {
        router.routeWithRegex(Pattern.quote(basePath) + "(/.*)?").handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        ctx.response().putHeader("Access-Control-Allow-Origin", "*").putHeader("Access-Control-Expose-Headers", "ETag, Retry-After");
        long wait = limiter.secondsToWait(ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().hostAddress());
        if (wait > 0) {
            ctx.response().putHeader("Retry-After", Long.toString(wait));
            error(ctx, new StaException(429, "too many requests from your address; try again in " + wait + " s"));
            return;
        }
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
        String resourcePath = ctx.request().path().substring(basePath.length());
        Map<String, String> options = new java.util.LinkedHashMap<>();
        ctx.queryParams().forEach((k, v) -> options.putIfAbsent(k, v));
        answer(ctx, () -> {
            StaPath target = StaPath.resolve(types, path);
            StaRequest request = StaRequest.of(ctx.queryParams());
            return target.single() ? one(target, request) : collection(target, request, options, resourcePath);
        });
    }

    private Object one(StaPath target, StaRequest request) throws Exception {
        JsonObject entity = reader.one(target.type(), target.where(), target.property() != null ? StaRequest.ONE : request);
        if (entity == null) {
            throw StaException.notFound("no such " + target.type().name() + " entity");
        }
        if (target.property() != null) {
            Object value = entity.getValue(target.property().equals("id") ? "@iot.id" : target.property());
            if (target.rawValue()) {
                return new RawValue(value == null ? "" : String.valueOf(value));
            }
            return new JsonObject().put(target.property(), value);
        }
        return entity;
    }

    private JsonObject collection(StaPath target, StaRequest request, Map<String, String> options, String path) throws Exception {
        StaQuery.Page page = reader.page(target.type(), target.where(), request);
        JsonObject body = new JsonObject();
        if (page.count() != null) {
            body.put("@iot.count", page.count());
        }
        if (request.dataArray() && target.type().name().equals("Observations")) {
            body.put("value", DataArray.of(page, publicBase));
        } else {
            body.put("value", reader.values(target.type(), page, request, target.refs()));
        }
        if (page.skipToken() != null || page.nextSkip() != null) {
            body.put("@iot.nextLink", publicBase + path + "?" + StaLinks.query(options, page));
        }
        return body;
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
                ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8").putHeader("Cache-Control", "public, max-age=" + cacheSeconds)
                        .end(raw.text());
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

    /** With an ETag of the body, so a caching proxy or a polling client gets 304 while nothing changed. */
    private void json(RoutingContext ctx, JsonObject body) {
        byte[] bytes = body.encode().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String etag = etag(bytes);
        ctx.response().putHeader("ETag", etag).putHeader("Cache-Control", "public, max-age=" + cacheSeconds)
                .putHeader("Vary", "Accept-Encoding");
        if (etag.equals(ctx.request().getHeader("If-None-Match"))) {
            ctx.response().setStatusCode(304).end();
            return;
        }
        ctx.response().putHeader("Content-Type", "application/json; charset=utf-8").end(io.vertx.core.buffer.Buffer.buffer(bytes));
    }

    static String etag(byte[] body) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(body);
            return "W/\"" + java.util.HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void error(RoutingContext ctx, StaException e) {
        ctx.response().setStatusCode(e.status()).putHeader("Content-Type", "application/json; charset=utf-8")
                .end(new JsonObject().put("code", e.status()).put("type", "error").put("message", e.getMessage()).encode());
    }
}
