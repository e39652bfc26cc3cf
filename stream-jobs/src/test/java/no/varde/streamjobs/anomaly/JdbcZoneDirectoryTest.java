package no.varde.streamjobs.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import javax.sql.DataSource;
import no.varde.storage.Migrations;
import no.varde.testsupport.TestDatabase;
import no.varde.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;

/**
 * The registry's zones from a real PostgreSQL: a device without a zone is known (so it is not
 * moved anywhere, nor a reason to re-read), an unregistered one is not, and a registry that cannot
 * be read knows no device, which is what keeps the detectors from moving every device out of its
 * zone during a database outage.
 */
class JdbcZoneDirectoryTest {
    @Test
    void knowsRegisteredDevicesWithOrWithoutAZoneAndNothingWhenTheRegistryCannotBeRead() throws Exception {
        TestDatabase database = TestInfrastructure.get().newDatabase();
        DataSource db = database.dataSource();
        Migrations.migrate(db);
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO devices (id, kind, zone) VALUES ('w-1', 'water', 'Nord'), ('a-1', 'air', 'Nord'), ('w-2', 'water', NULL)");
        }
        JdbcZoneDirectory registry = new JdbcZoneDirectory(database.jdbcUrl(), null, null);
        assertThat(registry.zoneOf("w-1")).isEqualTo("Nord");
        assertThat(registry.knows("w-1")).isTrue();
        assertThat(registry.zoneOf("w-2")).isNull();
        assertThat(registry.knows("w-2")).as("registered without a zone").isTrue();
        assertThat(registry.zoneOf("ghost")).isNull();
        assertThat(registry.knows("ghost")).isFalse();
        assertThat(registry.airStationsIn("Nord")).isEqualTo(1);
        assertThat(registry.moved("w-1", "Nord")).isFalse();
        assertThat(registry.moved("w-1", "Sør")).isTrue();
        assertThat(registry.moved("w-1", null)).as("given a zone in the registry since").isTrue();
        assertThat(registry.moved("w-2", null)).isFalse();
        assertThat(registry.moved("w-2", "Nord")).as("its zone taken away").isTrue();
        assertThat(registry.moved("ghost", "Nord")).as("unknown: stays where it is").isFalse();
        assertThat(registry.moved("ghost", null)).isFalse();
        assertThat(registry.version()).as("read once").isEqualTo(1);

        JdbcZoneDirectory unreachable = new JdbcZoneDirectory("jdbc:postgresql://127.0.0.1:1/none", "nobody", null);
        assertThat(unreachable.zoneOf("w-1")).isNull();
        assertThat(unreachable.knows("w-1")).isFalse();
        assertThat(unreachable.moved("w-1", "Nord")).as("an outage moves nobody").isFalse();
        assertThat(unreachable.version()).as("never read: nothing is confirmed against it").isZero();
    }
}
