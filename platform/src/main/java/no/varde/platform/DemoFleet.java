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
        Fleet fleet = Fleet.demo(perDomain, TokenHasher::newToken);
        DeviceRepository devices = new DeviceRepository(db);
        TokenHasher hasher = new TokenHasher();
        // The hash is slow on purpose; spread it over the cores.
        fleet.devices().parallelStream().forEach(d -> {
            try {
                devices.upsert(Device.of(d.id(), DeviceKind.of(d.kind()), d.zone()), hasher.hash(d.token()));
            } catch (SQLException e) {
                throw new IllegalStateException("cannot register demo device " + d.id(), e);
            }
        });
        fleet.write(credentialsFile);
        LOG.info("Registered {} demo devices; their credentials are in {}", fleet.devices().size(), credentialsFile);
        return fleet;
    }

}
