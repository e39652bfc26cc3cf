package no.varde.simulator.incident;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The ground-truth file: one JSON line per incident that happened (kind, devices, metrics, start,
 * end in simulated time), written as each incident starts, so precision, recall and
 * time-to-detect can be computed against what a detector reported.
 */
public final class GroundTruthLog implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final IncidentSchedule schedule;
    private final BufferedWriter out;
    private final List<Incident> written = new ArrayList<>();
    private Instant loggedUntil;

    public GroundTruthLog(IncidentSchedule schedule, Instant start, Path file) throws IOException {
        this.schedule = schedule;
        this.loggedUntil = start;
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    }

    /** Writes every incident that started since the last call, up to simulated {@code now}. */
    public synchronized void advanceTo(Instant now) {
        if (!now.isAfter(loggedUntil)) {
            return;
        }
        try {
            List<Incident> started = schedule.startingBetween(loggedUntil, now);
            for (Incident i : started) {
                out.write(toJson(i));
                out.newLine();
                written.add(i);
            }
            if (!started.isEmpty()) {
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the ground-truth file", e);
        }
        loggedUntil = now;
    }

    public synchronized List<Incident> written() {
        return List.copyOf(written);
    }

    public static String toJson(Incident i) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", i.id());
        node.put("kind", i.kind().id());
        if (i.zone() != null) {
            node.put("zone", i.zone());
        }
        i.devices().forEach(node.putArray("devices")::add);
        i.metrics().forEach(node.putArray("metrics")::add);
        node.put("start", i.start().toString());
        node.put("end", i.end().toString());
        node.put("magnitude", i.magnitude());
        if (i.variant() != null) {
            node.put("variant", i.variant());
        }
        return node.toString();
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
