package no.varde.platform.crash;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What of a test's devices' readings the database holds, for holding a platform to its PUBACKs. */
final class StoredReadings {
    private StoredReadings() {
    }

    /** The stored readings of {@code metric} of the devices whose id starts with {@code devicePrefix}. */
    static Set<AckedPublisher.Key> keys(Connection db, String devicePrefix, String metric) throws Exception {
        Set<AckedPublisher.Key> keys = new HashSet<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT device_id, extract(epoch FROM event_time)::bigint FROM readings "
                + "WHERE device_id LIKE ? AND metric = ?")) {
            ps.setString(1, devicePrefix + "%");
            ps.setString(2, metric);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.add(new AckedPublisher.Key(rs.getString(1), rs.getLong(2)));
                }
            }
        }
        return keys;
    }

    /** Waits until every acknowledged reading is stored (or the time is up) and returns what is stored then. */
    static Set<AckedPublisher.Key> awaitAll(Connection db, String devicePrefix, String metric, Set<AckedPublisher.Key> acked,
                                            Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<AckedPublisher.Key> stored = keys(db, devicePrefix, metric);
        while (!stored.containsAll(acked) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            stored = keys(db, devicePrefix, metric);
        }
        return stored;
    }

    static void deleteRecursively(Path path) throws java.io.IOException {
        if (Files.exists(path)) {
            try (var paths = Files.walk(path)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** Buckets before {@code closedBefore} whose rollup count is not the number of stored readings (or which have no rollup). */
    static List<String> rollupMismatches(Connection db, String table, String unit, Instant closedBefore) throws Exception {
        String sql = "SELECT r.device_id, r.b, r.n, m.count FROM (SELECT device_id, date_trunc('" + unit + "', event_time) b, count(*) n "
                + "FROM readings WHERE device_id LIKE 'load-%' AND metric = 'air.pm2_5' GROUP BY 1, 2) r "
                + "LEFT JOIN " + table + " m ON m.device_id = r.device_id AND m.metric = 'air.pm2_5' AND m.bucket = r.b "
                + "WHERE r.b < ? AND (m.count IS NULL OR m.count <> r.n) ORDER BY 2, 1";
        List<String> mismatches = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            ps.setObject(1, java.sql.Timestamp.from(closedBefore));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    mismatches.add(rs.getString(1) + " " + rs.getString(2) + ": stored " + rs.getLong(3) + ", rollup " + rs.getString(4));
                }
            }
        }
        return mismatches;
    }

    static List<String> awaitRollupsMatch(Connection db, String table, String unit, Instant closedBefore, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> mismatches = rollupMismatches(db, table, unit, closedBefore);
        while (!mismatches.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            mismatches = rollupMismatches(db, table, unit, closedBefore);
        }
        return mismatches;
    }

    static long count(Connection db, String sql, Instant at) throws Exception {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            ps.setObject(1, java.sql.Timestamp.from(at));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
