package no.varde.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import no.varde.ingest.kafka.DurableHandoff;
import no.varde.model.DeviceKind;
import no.varde.storage.Device;
import no.varde.storage.DeviceRepository;
import no.varde.storage.Migrations;
import no.varde.testsupport.CountingDataSource;
import no.varde.testsupport.TestInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code last_seen} against a real PostgreSQL: a fleet seen in the same second costs one write,
 * not one per device; a write the database refused is made later; closing writes what is noted.
 */
class DeviceStatusReporterTest {
    private static final int FLEET = 100;
    private final Vertx vertx = Vertx.vertx();
    /** last_seen needs no broker: these tests send no status message. */
    private final DurableHandoff handoff = null;

    @AfterEach
    void close() {
        reporter.close();
        vertx.close().await();
    }

    /** A fresh database with the fleet registered; the reporter reaches it through {@link #counting}. */
    private DataSource db;
    private DeviceRepository registry;
    private CountingDataSource counting;
    private DeviceStatusReporter reporter;

    @BeforeEach
    void fleet() throws Exception {
        db = TestInfrastructure.get().newDatabase().dataSource();
        Migrations.migrate(db);
        registry = new DeviceRepository(db);
        for (int i = 0; i < FLEET; i++) {
            registry.upsert(Device.of("d-" + i, DeviceKind.AIR, null), null);
        }
        counting = new CountingDataSource(db);
        reporter = new DeviceStatusReporter(vertx, handoff, new DeviceRepository(counting));
    }

    private void seeTheFleet() {
        for (int i = 0; i < FLEET; i++) {
            reporter.seen("d-" + i);
        }
    }

    /** The fleet's devices without a last_seen, in one query. */
    private long unseen() throws Exception {
        try (Connection c = db.getConnection(); var rs = c.createStatement().executeQuery(
                "SELECT count(*) FROM devices WHERE id LIKE 'd-%' AND last_seen IS NULL")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void awaitAllSeen(Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (unseen() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    @Test
    void aFleetSeenTogetherIsWrittenInAFewStatements() throws Exception {
        Instant before = Instant.now().minusMillis(1);
        seeTheFleet();
        seeTheFleet();   // within the minute: not noted again
        awaitAllSeen(Duration.ofSeconds(10));
        assertThat(unseen()).isZero();
        assertThat(registry.find("d-7").orElseThrow().lastSeen()).isAfter(before);
        // One write per timer tick that found something: 100 devices seen within one tick or two.
        assertThat(counting.connections.get()).isBetween(1, 3);
    }

    @Test
    void whatTheDatabaseRefusedIsWrittenWhenItIsBack() throws Exception {
        counting.down(true);
        seeTheFleet();
        Thread.sleep(3 * DeviceStatusReporter.WRITE_EVERY_MILLIS);
        assertThat(unseen()).isEqualTo(FLEET);
        counting.down(false);
        awaitAllSeen(Duration.ofSeconds(10));
        assertThat(unseen()).isZero();
    }

    @Test
    void closingWritesWhatIsStillNoted() throws Exception {
        seeTheFleet();
        reporter.close();
        assertThat(unseen()).isZero();
    }
}
