package no.varde.platform.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import no.varde.console.GroundTruth;
import org.junit.jupiter.api.Test;

class SimulatedIncidentsTest {

    @Test
    void readsTheIncidentsThatStartedInTheMonthWithTheAnomalyKindThatAnswersThem() throws Exception {
        Path file = Files.createTempFile("ground-truth", ".jsonl");
        Files.writeString(file, """
                {"id":"i1","kind":"stuck","devices":["water-3"],"metrics":["water.pressure"],"start":"2026-11-03T10:00:00Z","end":"2026-11-03T12:00:00Z","magnitude":1}
                {"id":"i2","kind":"leak","zone":"Nord","devices":["water-1","water-2"],"metrics":[],"start":"2026-11-30T23:30:00Z","end":"2026-12-01T01:00:00Z","magnitude":2}
                {"id":"i3","kind":"bad_data","devices":["air-1"],"metrics":[],"start":"2026-11-04T10:00:00Z","end":"2026-11-04T11:00:00Z","magnitude":1}

                {"id":"i4","kind":"spike","devices":["air-2"],"metrics":["air.pm10"],"start":"2026-10-31T22:59:00Z","end":"2026-10-31T23:10:00Z","magnitude":3}
                """);
        List<GroundTruth.Incident> november = new SimulatedIncidents(file).startedBetween(Instant.parse("2026-10-31T23:00:00Z"),
                Instant.parse("2026-11-30T23:00:00Z"));
        assertThat(november).extracting(GroundTruth.Incident::kind, GroundTruth.Incident::answer, GroundTruth.Incident::zoneWide)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("stuck", "flatline", false));
        assertThat(new SimulatedIncidents(file).startedBetween(Instant.parse("2026-11-30T23:00:00Z"), Instant.parse("2026-12-31T23:00:00Z")))
                .singleElement().satisfies(i -> {
                    assertThat(i.answer()).isEqualTo("leak");
                    assertThat(i.zoneWide()).isTrue();
                    assertThat(i.zone()).isEqualTo("Nord");
                    assertThat(i.devices()).containsExactly("water-1", "water-2");
                });
        assertThat(new SimulatedIncidents(file.resolveSibling("none.jsonl")).startedBetween(Instant.EPOCH, Instant.now())).isEmpty();
    }
}
