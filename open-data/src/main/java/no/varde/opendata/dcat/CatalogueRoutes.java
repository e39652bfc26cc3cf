package no.varde.opendata.dcat;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.StringWriter;
import java.sql.Connection;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import javax.sql.DataSource;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalogue at a stable URL for the national data catalogue to harvest
 * ({@code /open-data/catalog}: Turtle or JSON-LD by the Accept header, or
 * {@code catalog.ttl}/{@code catalog.jsonld}), and the daily CSV files
 * ({@code /open-data/downloads/<dataset>/<yyyy-mm-dd>.csv} and {@code .parquet}, streamed).
 */
public final class CatalogueRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogueRoutes.class);
    public static final String BASE = "/open-data";

    private final Vertx vertx;
    private final DataSource dataSource;
    private final PublicDatasets datasets;
    private final CatalogueSettings settings;
    private final String publicUrl;
    private final String staPath;
    private final int k;

    public CatalogueRoutes(Vertx vertx, DataSource dataSource, CatalogueSettings settings, String publicUrl, String staPath, int k) {
        this.vertx = vertx;
        this.dataSource = dataSource;
        this.datasets = new PublicDatasets(dataSource);
        this.settings = settings;
        this.publicUrl = publicUrl;
        this.staPath = staPath;
        this.k = k;
    }

    public void mount(Router router) {
        router.get(BASE + "/catalog").handler(ctx -> catalogue(ctx, ctx.request().getHeader("Accept") != null
                && ctx.request().getHeader("Accept").contains("application/ld+json") ? Lang.JSONLD : Lang.TURTLE));
        router.get(BASE + "/catalog.ttl").handler(ctx -> catalogue(ctx, Lang.TURTLE));
        router.get(BASE + "/catalog.jsonld").handler(ctx -> catalogue(ctx, Lang.JSONLD));
        router.get(BASE + "/downloads/:dataset/:file").handler(this::download);
    }

    private void catalogue(RoutingContext ctx, Lang lang) {
        vertx.executeBlocking(() -> {
            Model model = DcatCatalogue.build(settings, datasets.list(), publicUrl, staPath);
            StringWriter out = new StringWriter();
            RDFDataMgr.write(out, model, lang);
            return out.toString();
        }, false).onComplete(r -> {
            if (r.failed()) {
                LOG.error("The open-data catalogue could not be built", r.cause());
                ctx.response().setStatusCode(503).end("the database did not answer");
                return;
            }
            ctx.response().putHeader("Content-Type", (lang == Lang.TURTLE ? "text/turtle" : "application/ld+json") + "; charset=utf-8")
                    .putHeader("Access-Control-Allow-Origin", "*").putHeader("Cache-Control", "public, max-age=3600").end(r.result());
        });
    }

    private void download(RoutingContext ctx) {
        String file = ctx.pathParam("file");
        boolean parquet = file.endsWith(".parquet");
        LocalDate day;
        try {
            day = LocalDate.parse(parquet ? file.substring(0, file.length() - 8) : file.endsWith(".csv") ? file.substring(0, file.length() - 4) : "");
        } catch (DateTimeParseException e) {
            ctx.response().setStatusCode(404).end("files are named yyyy-mm-dd.csv or yyyy-mm-dd.parquet (one UTC day)");
            return;
        }
        if (!day.isBefore(LocalDate.now(ZoneOffset.UTC).plusDays(1))) {
            ctx.response().setStatusCode(404).end("no file for a day that has not begun");
            return;
        }
        vertx.executeBlocking(() -> {
            var dataset = datasets.find(ctx.pathParam("dataset")).orElse(null);
            if (dataset == null) {
                return false;
            }
            ctx.response().setChunked(true).putHeader("Content-Type", parquet ? "application/vnd.apache.parquet" : "text/csv; charset=utf-8")
                    .putHeader("Content-Disposition", "attachment; filename=\"" + dataset.id() + "-" + day + (parquet ? ".parquet" : ".csv") + "\"")
                    .putHeader("Access-Control-Allow-Origin", "*")
                    .putHeader("Cache-Control", day.isBefore(LocalDate.now(ZoneOffset.UTC).minusDays(1)) ? "public, max-age=86400" : "public, max-age=300");
            try (Connection c = dataSource.getConnection(); ResponseStream out = new ResponseStream(ctx.response())) {
                if (parquet) {
                    DailyParquet.write(c, dataset, day, k, out);
                } else {
                    DailyCsv.write(c, dataset, day, k, out);
                }
            }
            return true;
        }, false).onComplete(r -> {
            if (r.succeeded() && Boolean.TRUE.equals(r.result())) {
                ctx.response().end();
            } else if (r.succeeded()) {
                ctx.response().setStatusCode(404).end("no dataset '" + ctx.pathParam("dataset") + "'; the catalogue lists them: " + BASE + "/catalog");
            } else if (!ctx.response().headWritten()) {
                LOG.error("Download {} failed", ctx.request().path(), r.cause());
                ctx.response().setStatusCode(503).end("the database did not answer");
            } else {
                LOG.warn("Download {} broke off: {}", ctx.request().path(), r.cause().toString());
                ctx.response().reset();
            }
        });
    }
}
