package no.varde.platform;

import java.nio.file.Path;
import java.sql.SQLException;
import javax.sql.DataSource;
import no.varde.model.DeviceKind;
import no.varde.simulator.Fleet;
import no.varde.storage.Device;
import no.varde.storage.DeviceRepository;
import no.varde.storage.TokenHasher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers a demo fleet with fresh random tokens (only their hashes go to the database) and
 * writes the credentials to a file only the owner can read, for {@code bin/varde simulate}.
 */
final class DemoFleet {
    private static final Logger LOG = LoggerFactory.getLogger(DemoFleet.class);

    private DemoFleet() {
    }

    static Fleet provision(DataSource db, int perDomain, Path credentialsFile) throws Exception {
        return provision(db, Fleet.demo(perDomain, TokenHasher::newToken), credentialsFile, new TokenHasher());
    }

    /**
     * Registers {@code count} extra air-quality devices for load and soak tests (not simulated),
     * hashed with {@code iterations} PBKDF2 rounds: fewer than the default only to make
     * provisioning thousands of throwaway test devices take seconds instead of half an hour.
     */
    static Fleet provisionLoadFleet(DataSource db, int count, int iterations, Path credentialsFile) throws Exception {
        java.util.List<no.varde.simulator.SimulatedDevice> list = new java.util.ArrayList<>();
        for (int i = 1; i <= count; i++) {
            list.add(new no.varde.simulator.SimulatedDevice(String.format(java.util.Locale.ROOT, "load-%05d", i),
                    no.varde.model.Domain.AIR, "Load", TokenHasher.newToken()));
        }
        return provision(db, new Fleet(list), credentialsFile, new TokenHasher(iterations));
    }

    private static Fleet provision(DataSource db, Fleet fleet, Path credentialsFile, TokenHasher hasher) throws Exception {
        DeviceRepository devices = new DeviceRepository(db);
        // The hash is slow on purpose; spread it over the cores.
        fleet.devices().parallelStream().forEach(d -> {
            try {
                devices.upsert(Device.of(d.id(), DeviceKind.of(d.kind()), d.zone()), hasher.hash(d.token()));
            } catch (SQLException e) {
                throw new IllegalStateException("cannot register demo device " + d.id(), e);
            }
        });
        fleet.write(credentialsFile);
        LOG.info("Registered {} devices; their credentials are in {}", fleet.devices().size(), credentialsFile);
        return fleet;
    }

}
