package no.varde.platform;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import no.varde.model.DeviceKind;
import no.varde.model.Domain;
import no.varde.simulator.Fleet;
import no.varde.simulator.SimulatedDevice;
import no.varde.simulator.city.Town;
import no.varde.simulator.city.TownDevice;
import no.varde.simulator.SimulatedGateway;
import no.varde.storage.Device;
import no.varde.storage.DeviceRepository;
import no.varde.storage.TokenHasher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers simulated fleets with fresh random tokens (only their hashes go to the database) and
 * writes the credentials to a file only the owner can read, for {@code bin/varde simulate},
 * {@code load} and {@code bench}. Sensors behind a gateway get no token of their own.
 */
final class DemoFleet {
    private static final Logger LOG = LoggerFactory.getLogger(DemoFleet.class);

    private DemoFleet() {
    }

    static Fleet provision(DataSource db, Fleet fleet, Path credentialsFile) throws Exception {
        return provision(db, fleet, credentialsFile, new TokenHasher());
    }

    /**
     * As {@link #provision(DataSource, Fleet, Path)} on a data directory that outlives the run: the
     * devices and gateways already in {@code credentialsFile} keep their tokens, and those already
     * registered are left as they are (an operator may have disabled one or moved it to another
     * zone); only new ones are registered.
     */
    static Fleet provisionKeeping(DataSource db, Fleet fleet, Path credentialsFile) throws Exception {
        return provisionKeeping(db, fleet, credentialsFile, new TokenHasher());
    }

    private static Fleet provisionKeeping(DataSource db, Fleet fleet, Path credentialsFile, TokenHasher hasher) throws Exception {
        if (!java.nio.file.Files.exists(credentialsFile)) {
            return provision(db, fleet, credentialsFile, hasher);
        }
        java.util.Map<String, String> kept = new java.util.HashMap<>();
        Fleet previous = Fleet.read(credentialsFile);
        previous.gateways().forEach(g -> kept.put(g.id(), g.token()));
        previous.devices().stream().filter(d -> d.token() != null).forEach(d -> kept.put(d.id(), d.token()));
        Fleet merged = new Fleet(
                fleet.devices().stream().map(d -> d.token() == null || !kept.containsKey(d.id()) ? d
                        : new SimulatedDevice(d.id(), d.kind(), d.zone(), kept.get(d.id()), d.gateway())).toList(),
                fleet.gateways().stream().map(g -> kept.containsKey(g.id()) ? new SimulatedGateway(g.id(), kept.get(g.id())) : g).toList());
        DeviceRepository devices = new DeviceRepository(db);
        java.util.Set<String> registered = new java.util.HashSet<>();
        for (var device : devices.list(Integer.MAX_VALUE, 0)) {
            registered.add(device.device().id());
        }
        Fleet missing = new Fleet(
                merged.devices().stream().filter(d -> !registered.contains(d.id()) || !kept.containsKey(d.id()) && d.token() != null).toList(),
                merged.gateways().stream().filter(g -> !registered.contains(g.id()) || !kept.containsKey(g.id())).toList());
        registerAll(db, missing, hasher);
        merged.write(credentialsFile);
        LOG.info("Kept {} registered devices and gateways of {}; registered {} new",
                merged.devices().size() + merged.gateways().size() - missing.devices().size() - missing.gateways().size(),
                credentialsFile.getFileName(), missing.devices().size() + missing.gateways().size());
        return merged;
    }

    /**
     * Registers {@code count} extra air-quality devices for load, soak and bench runs (not simulated),
     * directly or, when {@code gateways} is above 0, behind that many gateways. Tokens are hashed with
     * {@code iterations} PBKDF2 rounds: fewer than the default only to make provisioning thousands of
     * throwaway test devices take seconds instead of half an hour. A restart on the same data
     * directory keeps the fleet's tokens (as {@link #provisionKeeping}): the bench's devices reconnect
     * with what they have, as real ones would after an ingest restart, and nothing is hashed again.
     */
    static Fleet provisionLoadFleet(DataSource db, int count, int gateways, int iterations, Path credentialsFile) throws Exception {
        List<SimulatedGateway> gws = new ArrayList<>();
        for (int g = 1; g <= gateways; g++) {
            gws.add(new SimulatedGateway(String.format(Locale.ROOT, "load-gw-%03d", g), TokenHasher.newToken()));
        }
        List<SimulatedDevice> list = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String id = String.format(Locale.ROOT, "load-%05d", i);
            list.add(gateways > 0 ? new SimulatedDevice(id, Domain.AIR, "Load", null, gws.get((i - 1) % gateways).id())
                    : new SimulatedDevice(id, Domain.AIR, "Load", TokenHasher.newToken()));
        }
        return provisionKeeping(db, new Fleet(list, gws), credentialsFile, new TokenHasher(iterations));
    }

    private static Fleet provision(DataSource db, Fleet fleet, Path credentialsFile, TokenHasher hasher) throws Exception {
        registerAll(db, fleet, hasher);
        fleet.write(credentialsFile);
        LOG.info("Registered {} devices and {} gateways; their credentials are in {}", fleet.devices().size(), fleet.gateways().size(),
                credentialsFile);
        return fleet;
    }

    /**
     * Gives the simulated town's devices a position in their zone (around the zone's centre from the
     * scenario, spread by the id so they do not stack), so the map, the open data's Locations and the
     * catalogue's extents have something to show. A position an operator set is left alone.
     */
    static void placeInTown(DataSource db, Town town) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE devices SET latitude = ?, longitude = ? WHERE id = ? AND latitude IS NULL AND longitude IS NULL")) {
            for (TownDevice d : town.devices()) {
                int h = d.id().hashCode();
                // Up to about 600 m north-south and 700 m east-west of the centre at 60° N.
                ps.setDouble(1, d.zone().latitude() + ((h & 0xff) - 127.5) / 127.5 * 0.0055);
                ps.setDouble(2, d.zone().longitude() + (((h >>> 8) & 0xff) - 127.5) / 127.5 * 0.012);
                ps.setString(3, d.id());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void registerAll(DataSource db, Fleet fleet, TokenHasher hasher) throws SQLException {
        // The hash is slow on purpose: spread it over the cores; then write in batches, gateways first
        // (a sensor's registration names its gateway).
        List<DeviceRepository.Registration> registrations = new ArrayList<>(fleet.gateways().parallelStream()
                .map(g -> new DeviceRepository.Registration(Device.of(g.id(), DeviceKind.GATEWAY, null), hasher.hash(g.token()))).toList());
        registrations.addAll(fleet.devices().parallelStream().map(d -> {
            Device device = Device.of(d.id(), DeviceKind.of(d.kind()), d.zone());
            return new DeviceRepository.Registration(d.gateway() == null ? device : device.withGateway(d.gateway()),
                    d.token() == null ? null : hasher.hash(d.token()));
        }).toList());
        new DeviceRepository(db).upsertAll(registrations);
    }
}
