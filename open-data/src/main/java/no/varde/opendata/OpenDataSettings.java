package no.varde.opendata;

import java.util.Map;
import no.varde.opendata.dcat.CatalogueSettings;
import no.varde.opendata.sta.StaRoutes;

/**
 * The open data's settings, from the environment: {@code VARDE_OPEN_DATA_PATH} (the SensorThings
 * base path, {@code /sta/v1.1}), {@code VARDE_OPEN_DATA_K} (a zone's mean is published only for
 * hours with at least this many devices; 5), {@code VARDE_OPEN_DATA_RATE} (requests a minute per
 * client address; 600), {@code VARDE_OPEN_DATA_CACHE_SECONDS} (60), and the catalogue's
 * ({@link CatalogueSettings}).
 */
public record OpenDataSettings(String staPath, int k, int requestsPerMinute, int cacheSeconds, CatalogueSettings catalogue) {

    public static OpenDataSettings fromEnv(Map<String, String> env) {
        String path = env.getOrDefault("VARDE_OPEN_DATA_PATH", StaRoutes.DEFAULT_BASE_PATH);
        if (!path.matches("(/[A-Za-z0-9._-]+)+")) {
            throw new IllegalArgumentException("VARDE_OPEN_DATA_PATH must be a path such as /sta/v1.1");
        }
        return new OpenDataSettings(path, number(env, "VARDE_OPEN_DATA_K", 5, 2), number(env, "VARDE_OPEN_DATA_RATE", 600, 1),
                number(env, "VARDE_OPEN_DATA_CACHE_SECONDS", 60, 0), CatalogueSettings.fromEnv(env));
    }

    private static int number(Map<String, String> env, String name, int otherwise, int least) {
        String text = env.get(name);
        if (text == null) {
            return otherwise;
        }
        try {
            int v = Integer.parseInt(text.strip());
            if (v < least) {
                throw new IllegalArgumentException(name + " must be at least " + least);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + text + "'");
        }
    }
}
