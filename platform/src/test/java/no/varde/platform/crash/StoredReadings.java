package no.varde.platform.crash;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashSet;
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
}
