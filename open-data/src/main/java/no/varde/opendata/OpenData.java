package no.varde.opendata;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import javax.sql.DataSource;
import no.varde.opendata.dcat.CatalogueRoutes;
import no.varde.opendata.sta.StaRoutes;

/**
 * Mounts the open data on a router: the SensorThings API, the DCAT-AP-NO catalogue with its daily
 * CSV files, and the admin API for publication levels.
 */
public final class OpenData {
    private OpenData() {
    }

    /** @param publicUrl how clients reach this server (links in answers are absolute); {@code adminToken} guards the admin API */
    public static void mount(Router router, Vertx vertx, DataSource db, OpenDataSettings settings, String publicUrl, String adminToken) {
        new StaRoutes(vertx, db, settings.staPath(), publicUrl, settings.k(), settings.requestsPerMinute(), settings.cacheSeconds()).mount(router);
        new CatalogueRoutes(vertx, db, settings.catalogue(), publicUrl, settings.staPath(), settings.k()).mount(router);
        new PublicationAdmin(vertx, db, adminToken).mount(router);
    }
}
