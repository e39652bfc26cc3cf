package no.varde.platform.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import no.varde.console.GroundTruth;
import no.varde.model.anomaly.AnomalyKind;
import no.varde.simulator.incident.IncidentKind;

/**
 * The simulated town's {@code ground-truth.jsonl} as the console's gains page reads it: each
 * incident with the anomaly kind that answers it, by the same table {@code varde evaluate} uses.
 * Read anew for each request (the file grows while the town runs); no file, no incidents.
 */
public final class SimulatedIncidents implements GroundTruth {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;

    public SimulatedIncidents(Path file) {
        this.file = file;
    }

    @Override
    public List<Incident> startedBetween(Instant from, Instant to) throws IOException {
        List<Incident> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        try (BufferedReader r = Files.newBufferedReader(file)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = JSON.readTree(line);
                IncidentKind kind = IncidentKind.fromId(n.path("kind").asText());
                AnomalyKind answer = DetectionEvaluation.ANSWERS.get(kind);
                Instant start = Instant.parse(n.path("start").asText());
                if (answer == null || start.isBefore(from) || !start.isBefore(to)) {
                    continue;
                }
                List<String> devices = new ArrayList<>();
                n.path("devices").forEach(d -> devices.add(d.asText()));
                out.add(new Incident(kind.id(), answer.id(), n.hasNonNull("zone") ? n.get("zone").asText() : null, kind.zoneWide(), devices,
                        start, Instant.parse(n.path("end").asText())));
            }
        }
        return out;
    }
}
