package no.varde.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import no.varde.model.Domain;
import no.varde.simulator.Fleet;
import no.varde.simulator.SimulatedDevice;
import no.varde.simulator.SimulatedGateway;
import no.varde.storage.DeviceRepository;
import no.varde.storage.Migrations;
import no.varde.storage.TokenHasher;
import no.varde.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;

/** On a durable data directory the demo fleet keeps its tokens across restarts and leaves what an operator changed. */
class DemoFleetTest {
    private static Fleet freshFleet() {
        return new Fleet(List.of(new SimulatedDevice("water-001", Domain.WATER, "Nord", TokenHasher.newToken()),
                new SimulatedDevice("air-001", Domain.AIR, "Sentrum", null, "demo-gw-001")),
                List.of(new SimulatedGateway("demo-gw-001", TokenHasher.newToken())));
    }

    @Test
    void aRestartKeepsTokensAndAnOperatorsChanges() throws Exception {
        DataSource db = TestInfrastructure.get().newDatabase().dataSource();
        Migrations.migrate(db);
        Path file = Files.createTempDirectory(Path.of("target"), "demo-fleet-").resolve("demo-fleet.csv");
        Fleet first = DemoFleet.provisionKeeping(db, freshFleet(), file);
        new DeviceRepository(db).setEnabled("water-001", false);

        Fleet second = DemoFleet.provisionKeeping(db, freshFleet(), file);   // the next start generates new tokens ...

        // ... and keeps the ones devices already use, in the file and in the registry.
        assertThat(second.device("water-001").token()).isEqualTo(first.device("water-001").token());
        assertThat(second.gateways().get(0).token()).isEqualTo(first.gateways().get(0).token());
        assertThat(Fleet.read(file).device("water-001").token()).isEqualTo(first.device("water-001").token());
        assertThat(new DeviceRepository(db).find("water-001").orElseThrow().device().enabled()).as("disabled by the operator").isFalse();
        new DeviceRepository(db).setEnabled("water-001", true);
        String hash = new DeviceRepository(db).activeCredentials("water-001").get(0).secretHash();
        assertThat(new TokenHasher().matches(first.device("water-001").token(), hash)).as("the registered token is the kept one").isTrue();
    }

    /** The bench's fleet reconnects after a restart with the tokens it has, and 10,000 devices are not hashed again (minutes). */
    @Test
    void aRestartKeepsTheLoadFleetsTokens() throws Exception {
        DataSource db = TestInfrastructure.get().newDatabase().dataSource();
        Migrations.migrate(db);
        Path file = Files.createTempDirectory(Path.of("target"), "load-fleet-").resolve("load-fleet.csv");
        Fleet first = DemoFleet.provisionLoadFleet(db, 4, 2, 10_000, file);
        Fleet second = DemoFleet.provisionLoadFleet(db, 4, 2, 10_000, file);

        assertThat(second.gateways()).isEqualTo(first.gateways());
        assertThat(second.devices()).isEqualTo(first.devices());
        String hash = new DeviceRepository(db).activeCredentials("load-gw-001").get(0).secretHash();
        assertThat(new TokenHasher().matches(first.gateways().get(0).token(), hash)).isTrue();
    }
}
