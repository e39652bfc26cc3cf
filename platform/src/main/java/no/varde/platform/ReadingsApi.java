package no.varde.platform;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import no.varde.model.MetricCatalogue;
import no.varde.storage.LatestReading;
import no.varde.storage.ReadingQueries;
import no.varde.storage.Series;
import no.varde.storage.SeriesPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read API: {@code GET /api/v1/readings/latest} and {@code GET /api/v1/readings/series}, as
 * JSON or CSV ({@code format=csv}). Readings are measurements of public infrastructure, not
 * personal data, so reading needs no token (open data); parameters are checked and a wrong one is
 * answered 400 with a sentence saying which and why.
 */
final class ReadingsApi {
    private static final Logger LOG = LoggerFactory.getLogger(ReadingsApi.class);
    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Duration LONGEST_SPAN = Duration.ofDays(3660);

    private final Vertx vertx;
    private final ReadingQueries queries;
    private final MetricCatalogue catalogue = MetricCatalogue.standard();

    ReadingsApi(Vertx vertx, ReadingQueries queries) {
        this.vertx = vertx;
        this.queries = queries;
    }

    void mount(Router router) {
        router.get("/api/v1/readings/latest").handler(ctx -> answer(ctx, () -> {
            String device = device(ctx);
            String metric = ctx.request().getParam("metric") == null ? null : metric(ctx);
            return new Answer(latestJson(device, metric), latestCsv(device, metric));
        }));
        router.get("/api/v1/readings/series").handler(ctx -> answer(ctx, () -> {
            String device = device(ctx);
            String metric = metric(ctx);
            Instant from = instant(ctx, "from");
            Instant to = instant(ctx, "to");
            if (!from.isBefore(to)) {
                throw new BadRequest("'from' must be before 'to'");
            }
            if (Duration.between(from, to).compareTo(LONGEST_SPAN) > 0) {
                throw new BadRequest("the range may span at most 10 years");
            }
            Series series = queries.series(device, metric, from, to);
            return new Answer(seriesJson(series), seriesCsv(series));
        }));
    }

    private record Answer(JsonObject json, String csv) {
    }

    private static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message, null, false, false);
        }
    }

    private void answer(RoutingContext ctx, Callable<Answer> work) {
        boolean csv = "csv".equalsIgnoreCase(ctx.request().getParam("format"));
        String format = ctx.request().getParam("format");
        if (format != null && !csv && !"json".equalsIgnoreCase(format)) {
            error(ctx, 400, "format must be json or csv");
            return;
        }
        vertx.executeBlocking(work, false).onComplete(result -> {
            if (result.succeeded()) {
                if (csv) {
                    ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8").end(result.result().csv());
                } else {
                    ctx.response().putHeader("Content-Type", "application/json").end(result.result().json().encodePrettily());
                }
            } else if (result.cause() instanceof BadRequest bad) {
                error(ctx, 400, bad.getMessage());
            } else {
                LOG.error("Read API request {} failed", ctx.request().uri(), result.cause());
                error(ctx, 503, "the database did not answer");
            }
        });
    }

    private static void error(RoutingContext ctx, int status, String message) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", status == 400 ? "bad_request" : "unavailable").put("message", message).encode());
    }

    private static String device(RoutingContext ctx) {
        String device = ctx.request().getParam("device");
        if (device == null || device.isBlank()) {
            throw new BadRequest("parameter 'device' is required");
        }
        if (!DEVICE_ID.matcher(device).matches()) {
            throw new BadRequest("'" + device + "' is not a device id");
        }
        return device;
    }

    private String metric(RoutingContext ctx) {
        String metric = ctx.request().getParam("metric");
        if (metric == null || metric.isBlank()) {
            throw new BadRequest("parameter 'metric' is required");
        }
        if (catalogue.find(metric).isEmpty()) {
            throw new BadRequest("unknown metric '" + metric + "'");
        }
        return metric;
    }

    private static Instant instant(RoutingContext ctx, String name) {
        String value = ctx.request().getParam(name);
        if (value == null) {
            throw new BadRequest("parameter '" + name + "' is required (ISO-8601, e.g. 2026-11-23T06:00:00Z)");
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadRequest("'" + name + "' is not an ISO-8601 instant such as 2026-11-23T06:00:00Z");
        }
    }

    private JsonObject latestJson(String device, String metric) throws Exception {
        JsonArray values = new JsonArray();
        for (LatestReading r : queries.latest(device, metric)) {
            values.add(new JsonObject().put("device", r.deviceId()).put("metric", r.metric()).put("time", r.time().toString())
                    .put("value", r.value()).put("unit", r.unit()));
        }
        return new JsonObject().put("device", device).put("latest", values);
    }

    private String latestCsv(String device, String metric) throws Exception {
        StringBuilder csv = new StringBuilder("device,metric,time,value,unit\n");
        for (LatestReading r : queries.latest(device, metric)) {
            csv.append(r.deviceId()).append(',').append(r.metric()).append(',').append(r.time()).append(',')
                    .append(number(r.value())).append(',').append(r.unit()).append('\n');
        }
        return csv.toString();
    }

    private static JsonObject seriesJson(Series series) {
        JsonArray points = new JsonArray();
        for (SeriesPoint p : series.points()) {
            points.add(new JsonObject().put("time", p.time().toString()).put("value", p.value()).put("min", p.min())
                    .put("max", p.max()).put("count", p.count()));
        }
        return new JsonObject().put("device", series.deviceId()).put("metric", series.metric())
                .put("resolution", series.resolution()).put("bucketSeconds", series.bucket().toSeconds()).put("points", points);
    }

    private static String seriesCsv(Series series) {
        StringBuilder csv = new StringBuilder("time,value,min,max,count\n");
        for (SeriesPoint p : series.points()) {
            csv.append(p.time()).append(',').append(number(p.value())).append(',').append(number(p.min())).append(',')
                    .append(number(p.max())).append(',').append(p.count()).append('\n');
        }
        return csv.toString();
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%s", value);
    }
}
