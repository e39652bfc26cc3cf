package no.varde.simulator.incident;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import no.varde.model.MetricCatalogue;
import no.varde.simulator.city.Town;
import no.varde.simulator.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroundTruthLogTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant START = IncidentEffectsTest.START;

    @Test
    void incidentsAreWrittenAsTheyStartOneJsonLineEach(@TempDir Path dir) throws Exception {
        Town town = Town.of(IncidentEffectsTest.scenario(), MetricCatalogue.standard());
        IncidentSchedule schedule = new IncidentSchedule(new IncidentPlanner(town, 1, START), START);
        Path file = dir.resolve("truth.jsonl");
        try (GroundTruthLog log = new GroundTruthLog(schedule, START, file)) {
            log.advanceTo(START.plus(Duration.ofMinutes(90)));
            assertThat(Files.readAllLines(file)).hasSize(3);
            log.advanceTo(START.plus(Duration.ofHours(24)));
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(10);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.get("kind").asText()).isEqualTo("spike");
        assertThat(first.get("devices").get(0).asText()).isEqualTo("air-station-nord-01");
        assertThat(first.get("metrics").get(0).asText()).isEqualTo("air.no2");
        assertThat(Instant.parse(first.get("start").asText())).isEqualTo(START.plus(Duration.ofMinutes(30)));
        assertThat(Instant.parse(first.get("end").asText())).isEqualTo(START.plus(Duration.ofMinutes(31)));
        JsonNode bad = JSON.readTree(lines.get(9));
        assertThat(bad.get("kind").asText()).isEqualTo("bad_data");
        assertThat(bad.get("variant").asText()).isEqualTo("malformed");
        for (int i = 1; i < lines.size(); i++) {
            assertThat(Instant.parse(JSON.readTree(lines.get(i)).get("start").asText()))
                    .isAfterOrEqualTo(Instant.parse(JSON.readTree(lines.get(i - 1)).get("start").asText()));
        }
    }

    @Test
    void randomIncidentsAreTheSameForTheSameSeedAndStayInsideTheirDay() {
        Town town = Town.of(ScenarioLoader.defaultScenario(), MetricCatalogue.standard());
        IncidentPlanner planner = new IncidentPlanner(town, 42, START);
        List<Incident> week = new java.util.ArrayList<>();
        for (long day = 0; day < 7; day++) {
            List<Incident> incidents = planner.randomOnDay(day);
            assertThat(new IncidentPlanner(town, 42, START).randomOnDay(day)).isEqualTo(incidents);
            for (Incident i : incidents) {
                assertThat(i.start()).isBetween(START.plus(Duration.ofDays(day)), START.plus(Duration.ofDays(day + 1)));
                assertThat(i.devices()).isNotEmpty().allMatch(d -> town.device(d) != null);
                assertThat(Duration.between(i.start(), i.end())).isLessThanOrEqualTo(Duration.ofHours(3));
            }
            week.addAll(incidents);
        }
        // 8 a day on average.
        assertThat(week.size()).isBetween(30, 90);
        assertThat(new IncidentPlanner(town, 43, START).randomOnDay(0)).isNotEqualTo(planner.randomOnDay(0));
    }
}
