package no.varde.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicInteger;
import no.varde.model.Domain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetTest {
    @TempDir
    Path dir;

    @Test
    void demoFleetHasEveryDomainAndDistinctIds() {
        AtomicInteger n = new AtomicInteger();
        Fleet fleet = Fleet.demo(4, () -> "token-" + n.incrementAndGet());
        assertThat(fleet.devices()).hasSize(12);
        assertThat(fleet.devices()).extracting(SimulatedDevice::kind).containsOnly(Domain.values());
        assertThat(fleet.devices()).extracting(SimulatedDevice::id).doesNotHaveDuplicates().contains("water-001", "traffic-004");
        assertThat(fleet.devices()).extracting(SimulatedDevice::token).doesNotHaveDuplicates();
        assertThat(fleet.devices().get(0).toString()).doesNotContain("token");
    }

    @Test
    void fileRoundTripsAndIsPrivate() throws Exception {
        Fleet fleet = Fleet.demo(2, () -> "t");
        Path file = dir.resolve("fleet.csv");
        fleet.write(file);
        assertThat(Fleet.read(file)).isEqualTo(fleet);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
}
