package no.varde.platform.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a platform made of a test's acknowledged load once it stops: the load devices' readings
 * that were acknowledged but not stored, stored but never sent, and the closed rollups that do not
 * count exactly the stored readings. Shared by the tests that restart or change a platform under load.
 */
record LoadVerdict(Set<AckedPublisher.Key> acked, Set<AckedPublisher.Key> stored, Set<AckedPublisher.Key> lost,
                   Set<AckedPublisher.Key> unexpected, List<String> minuteMismatches, List<String> hourMismatches,
                   long closedMinutes, long doubled) {

    /**
     * Stops the load, waits until every reading is acknowledged ({@code what}: after what), then moves
     * event time past the hour so that every minute and the hour close (those last readings are checked
     * for storage only), and reads back what the database holds.
     */
    static LoadVerdict closeAndRead(AckedPublisher publisher, Path dataDir, Instant base, String what) throws Exception {
        Thread.sleep(5_000);
        publisher.pause();
        assertThat(publisher.drain(Duration.ofSeconds(60))).as("every reading acknowledged " + what).isTrue();
        long closer = base.plus(Duration.ofHours(1)).plus(Duration.ofMinutes(2)).getEpochSecond();
        publisher.publishAt(closer);
        assertThat(publisher.drain(Duration.ofSeconds(30))).isTrue();

        Set<AckedPublisher.Key> acked = publisher.acked();
        String url = Files.readString(dataDir.resolve("database-url")).strip();
        try (Connection db = DriverManager.getConnection(url)) {
            Set<AckedPublisher.Key> stored = StoredReadings.awaitAll(db, "load-", "air.pm2_5", acked, Duration.ofSeconds(120));
            Set<AckedPublisher.Key> lost = new HashSet<>(acked);
            lost.removeAll(stored);
            Set<AckedPublisher.Key> unexpected = new HashSet<>(stored);
            unexpected.removeAll(acked);
            Instant closedBefore = Instant.ofEpochSecond(closer).truncatedTo(ChronoUnit.HOURS);
            List<String> minuteMismatches = StoredReadings.awaitRollupsMatch(db, "readings_1m", "minute", closedBefore, Duration.ofSeconds(120));
            List<String> hourMismatches = StoredReadings.awaitRollupsMatch(db, "readings_1h", "hour", closedBefore, Duration.ofSeconds(60));
            long minutes = StoredReadings.count(db, "SELECT count(*) FROM readings_1m WHERE device_id LIKE 'load-%' AND bucket < ?", closedBefore);
            long doubled = StoredReadings.count(db, "SELECT coalesce(sum(greatest(m.count - r.n, 0)), 0) FROM readings_1m m JOIN (SELECT device_id, "
                    + "date_trunc('minute', event_time) b, count(*) n FROM readings WHERE device_id LIKE 'load-%' GROUP BY 1, 2) r "
                    + "ON r.device_id = m.device_id AND r.b = m.bucket WHERE m.bucket < ?", closedBefore);
            return new LoadVerdict(acked, stored, lost, unexpected, minuteMismatches, hourMismatches, minutes, doubled);
        }
    }

    /** Nothing acknowledged lost, and every closed rollup counting exactly the stored readings. */
    void assertNothingLostAndRollupsExact(int devices) {
        assertThat(lost).as("acknowledged readings missing from `readings`").isEmpty();
        assertThat(minuteMismatches).as("1-minute rollups whose count differs from the stored readings").isEmpty();
        assertThat(hourMismatches).as("1-hour rollups whose count differs from the stored readings").isEmpty();
        assertThat(closedMinutes).as("closed 1-minute rollups of the load devices").isGreaterThan(devices);
    }
}
