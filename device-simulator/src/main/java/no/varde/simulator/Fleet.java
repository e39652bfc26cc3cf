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

/**
 * A set of simulated devices, and its file form: CSV {@code id,kind,zone,token}, readable only by
 * its owner because it holds device secrets.
 */
public record Fleet(List<SimulatedDevice> devices) {
    private static final String HEADER = "id,kind,zone,token";
    static final List<String> ZONES = List.of("Sentrum", "Nord", "Sor", "Ost", "Vest");

    public Fleet {
        devices = List.copyOf(devices);
    }

    /** {@code perDomain} devices of each domain, spread over the town's zones, with fresh tokens. */
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

    public void write(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        for (SimulatedDevice d : devices) {
            lines.add(String.join(",", d.id(), d.kind().id(), d.zone() == null ? "" : d.zone(), d.token()));
        }
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    public static Fleet read(Path file) throws IOException {
        List<SimulatedDevice> devices = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#") || (n == 0 && line.equals(HEADER))) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length != 4) {
                throw new IOException(file + " line " + (n + 1) + ": expected id,kind,zone,token");
            }
            devices.add(new SimulatedDevice(f[0], Domain.fromId(f[1]), f[2].isEmpty() ? null : f[2], f[3]));
        }
        return new Fleet(devices);
    }
}
