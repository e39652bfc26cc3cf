package no.varde.simulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import no.varde.model.Domain;
import no.varde.simulator.city.Town;
import no.varde.simulator.city.TownDevice;

/**
 * The credentials of a simulated fleet, and their file form: CSV {@code id,kind,zone,token,gateway},
 * readable only by its owner because it holds secrets. Gateways are rows of kind {@code gateway};
 * a sensor behind a gateway has no token of its own, only its gateway's id.
 */
public record Fleet(List<SimulatedDevice> devices, List<SimulatedGateway> gateways) {
    private static final String HEADER = "id,kind,zone,token,gateway";
    private static final String OLD_HEADER = "id,kind,zone,token";
    static final List<String> ZONES = List.of("Sentrum", "Nord", "Sor", "Ost", "Vest");

    public Fleet {
        devices = List.copyOf(devices);
        gateways = List.copyOf(gateways);
    }

    public Fleet(List<SimulatedDevice> devices) {
        this(devices, List.of());
    }

    /** {@code perDomain} devices of each domain, spread over five zones, with fresh tokens. */
    public static Fleet demo(int perDomain, Supplier<String> tokens) {
        List<SimulatedDevice> devices = new ArrayList<>();
        for (Domain domain : Domain.values()) {
            for (int i = 1; i <= perDomain; i++) {
                String id = String.format(Locale.ROOT, "%s-%03d", domain.id(), i);
                devices.add(new SimulatedDevice(id, domain, ZONES.get((i - 1) % ZONES.size()), tokens.get()));
            }
        }
        return new Fleet(devices);
    }

    /**
     * Credentials for every device of {@code town}: each its own token when {@code gateways} is 0,
     * otherwise {@code gateways} gateways with tokens, each carrying an equal share of the devices
     * (as field gateways do: one uplink for many sensors).
     */
    public static Fleet forTown(Town town, int gateways, String gatewayPrefix, Supplier<String> tokens) {
        List<SimulatedDevice> devices = new ArrayList<>();
        List<SimulatedGateway> gws = new ArrayList<>();
        for (int g = 1; g <= gateways; g++) {
            gws.add(new SimulatedGateway(String.format(Locale.ROOT, "%s-%03d", gatewayPrefix, g), tokens.get()));
        }
        List<TownDevice> all = town.devices();
        for (int i = 0; i < all.size(); i++) {
            TownDevice d = all.get(i);
            devices.add(gateways == 0 ? new SimulatedDevice(d.id(), d.kind(), d.zone().name(), tokens.get())
                    : new SimulatedDevice(d.id(), d.kind(), d.zone().name(), null, gws.get(i % gateways).id()));
        }
        return new Fleet(devices, gws);
    }

    /** Only the given devices and the gateways they report through. */
    public Fleet restrictTo(java.util.Set<String> ids) {
        List<SimulatedDevice> kept = devices.stream().filter(d -> ids.contains(d.id())).toList();
        java.util.Set<String> used = new java.util.HashSet<>();
        kept.forEach(d -> used.add(d.gateway()));
        return new Fleet(kept, gateways.stream().filter(g -> used.contains(g.id())).toList());
    }

    public SimulatedDevice device(String id) {
        return devices.stream().filter(d -> d.id().equals(id)).findFirst().orElse(null);
    }

    public void write(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        for (SimulatedGateway g : gateways) {
            lines.add(String.join(",", g.id(), "gateway", "", g.token(), ""));
        }
        for (SimulatedDevice d : devices) {
            lines.add(String.join(",", d.id(), d.kind().id(), orEmpty(d.zone()), orEmpty(d.token()), orEmpty(d.gateway())));
        }
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    public static Fleet read(Path file) throws IOException {
        List<SimulatedDevice> devices = new ArrayList<>();
        List<SimulatedGateway> gateways = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#") || (n == 0 && (line.equals(HEADER) || line.equals(OLD_HEADER)))) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length != 4 && f.length != 5) {
                throw new IOException(file + " line " + (n + 1) + ": expected " + HEADER);
            }
            try {
                if (f[1].equals("gateway")) {
                    gateways.add(new SimulatedGateway(f[0], f[3]));
                } else {
                    devices.add(new SimulatedDevice(f[0], Domain.fromId(f[1]), f[2].isEmpty() ? null : f[2],
                            f[3].isEmpty() ? null : f[3], f.length == 5 && !f[4].isEmpty() ? f[4] : null));
                }
            } catch (IllegalArgumentException e) {
                throw new IOException(file + " line " + (n + 1) + ": " + e.getMessage(), e);
            }
        }
        return new Fleet(devices, gateways);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
