package no.varde.opendata.dcat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The datasets Varde publishes: one per domain (water quality, air quality, traffic) and zone,
 * from the devices whose data may leave at all (public or aggregated). Public devices' positions
 * give the dataset's extent; aggregated ones count but never place a house on a map.
 */
public final class PublicDatasets {
    private final DataSource dataSource;

    public PublicDatasets(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * One dataset.
     *
     * @param id      stable and URL-safe, {@code water-nord}
     * @param bbox    west, south, east, north of the public devices, or null when none is public
     * @param rawData whether any device publishes raw readings (else only zone means)
     */
    public record Dataset(String id, String domain, String zone, int devices, List<String> metrics, double[] bbox, boolean rawData) {
    }

    public List<Dataset> list() throws SQLException {
        String sql = "SELECT d.kind, d.zone, count(*) AS devices, bool_or(d.publication = 'public') AS raw,"
                + " min(d.longitude) FILTER (WHERE d.publication = 'public'), min(d.latitude) FILTER (WHERE d.publication = 'public'),"
                + " max(d.longitude) FILTER (WHERE d.publication = 'public'), max(d.latitude) FILTER (WHERE d.publication = 'public')"
                + " FROM devices d WHERE d.kind <> 'gateway' AND d.publication <> 'none' AND d.zone IS NOT NULL"
                + " GROUP BY d.kind, d.zone ORDER BY d.kind, d.zone";
        List<Dataset> datasets = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String domain = rs.getString(1);
                String zone = rs.getString(2);
                double[] bbox = rs.getObject(5) == null ? null : new double[] {rs.getDouble(5), rs.getDouble(6), rs.getDouble(7), rs.getDouble(8)};
                datasets.add(new Dataset(domain + "-" + slug(zone), domain, zone, rs.getInt(3), metrics(domain), bbox, rs.getBoolean(4)));
            }
        }
        return datasets;
    }

    public java.util.Optional<Dataset> find(String id) throws SQLException {
        return list().stream().filter(d -> d.id().equals(id)).findFirst();
    }

    private static List<String> metrics(String domain) {
        return switch (domain) {
            case "water" -> Arrays.asList("pressure", "flow", "reservoir level", "turbidity", "pH", "chlorine");
            case "air" -> Arrays.asList("PM2.5", "PM10", "NO2", "O3", "temperature", "humidity");
            default -> Arrays.asList("vehicle counts", "speed", "occupancy");
        };
    }

    /** A zone's name in a URL: lower case, Norwegian letters spelt out, anything else a hyphen. */
    static String slug(String zone) {
        String s = zone.toLowerCase(Locale.ROOT).replace("æ", "ae").replace("ø", "o").replace("å", "a");
        return s.replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }
}
