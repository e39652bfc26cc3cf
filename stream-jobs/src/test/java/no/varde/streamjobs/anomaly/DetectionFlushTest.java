package no.varde.streamjobs.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import no.varde.streamjobs.ReadingsJob;
import no.varde.streamjobs.StreamJobsConfig;
import no.varde.streamjobs.detect.LimitRules;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamEdge;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/**
 * How long a record may wait in a half-full network buffer on its way to an alert, read from the
 * production job's graph (nothing runs: building the graph opens no connection). Flink's default
 * flushes every 100 ms; a trickle such as anomaly reports waited up to that long at each hop
 * (docs/capacity.md, 2026-12-07 (night), has what it cost).
 */
class DetectionFlushTest {
    private final StreamGraph graph = productionGraph();

    @Test
    void everyDetectorFlushesWhatItSendsAsItIsWritten() {
        List<StreamEdge> intoSinksAndComposites = graph.getStreamNodes().stream()
                .filter(n -> Set.of("store anomalies: Writer", "publish anomalies: Writer", "zone composites").contains(n.getOperatorName()))
                .flatMap(n -> n.getInEdges().stream())
                .toList();

        assertThat(namesOfSources(intoSinksAndComposites))
                .containsExactlyInAnyOrder("series detectors", "zoned assessments", "zone composites", "silence", "averaged limits", "drift");
        assertThat(intoSinksAndComposites).allSatisfy(e -> assertThat(e.getBufferTimeout()).as(e.toString())
                .isEqualTo(DetectionJob.FLUSH_EVERY_RECORD));
    }

    @Test
    void theReadingsKeepFlinksDefault() {
        // Every reading crosses these two edges, and a full buffer leaves at once (at 10,000 readings a second
        // one fills in about 40 ms). Flushed every 10 ms instead, an alert's median fell by 45 ms at 2,000 msg/s
        // but not at 10,000, where the targets are (docs/capacity.md, 2026-12-07 (night)).
        assertThat(List.of(node("drop resent readings"), node("silence"))).allSatisfy(n ->
                assertThat(n.getInEdges()).singleElement().satisfies(e -> assertThat(e.getBufferTimeout())
                        .isEqualTo(ExecutionOptions.BUFFER_TIMEOUT.defaultValue().toMillis())));
    }

    private Set<String> namesOfSources(List<StreamEdge> edges) {
        return edges.stream().map(e -> graph.getStreamNode(e.getSourceId()).getOperatorName()).collect(Collectors.toSet());
    }

    private StreamNode node(String name) {
        return graph.getStreamNodes().stream().filter(n -> n.getOperatorName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no operator " + name + " in " + graph.getStreamNodes()));
    }

    private static StreamGraph productionGraph() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ReadingsJob.buildAll(env, StreamJobsConfig.fromSettings(Map.of("VARDE_KAFKA_BOOTSTRAP", "127.0.0.1:1",
                "VARDE_DB_URL", "jdbc:postgresql://127.0.0.1:1/none")), LimitRules.shipped());
        return env.getStreamGraph();
    }
}
