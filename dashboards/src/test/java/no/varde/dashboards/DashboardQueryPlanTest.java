package no.varde.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import no.varde.storage.Migrations;
import no.varde.testsupport.TestInfrastructure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Long ranges read the rollups, short ranges the raw table: for every series panel, the executed
 * plan (EXPLAIN ANALYZE) over 30 days never touches {@code readings}, and over one hour never
 * touches the rollups.
 */
class DashboardQueryPlanTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    private static DataSource db;

    @BeforeAll
    static void fill() throws Exception {
        db = TestInfrastructure.get().newDatabase().dataSource();
        Migrations.migrate(db);
        TownHistory.load(db, 0, NOW.minus(Duration.ofDays(2)), NOW, Duration.ofMinutes(10));
    }

    @Test
    void seriesPanelsReadRollupsForLongRangesAndRawReadingsForShortOnes() throws Exception {
        Map<String, List<String>> variables = DashboardQueriesTest.variables(db);
        List<DashboardFiles.Query> series = DashboardFiles.queries().stream().filter(q -> q.sql().contains("varde_points(")).toList();
        assertThat(series).hasSizeGreaterThan(10);
        for (DashboardFiles.Query q : series) {
            Map<String, Long> month = executedScans(q, variables, Duration.ofDays(30));
            assertThat(month.getOrDefault("readings", 0L)).as(q + " over 30 days reads no raw rows: " + month).isZero();
            assertThat(month.getOrDefault("readings_1h", 0L)).as(q + " over 30 days reads the 1-hour rollups: " + month).isPositive();
            Map<String, Long> hour = executedScans(q, variables, Duration.ofHours(1));
            assertThat(hour.getOrDefault("readings_1h", 0L) + hour.getOrDefault("readings_1m", 0L)).as(q + " over 1 hour: " + hour).isZero();
            Map<String, Long> day = executedScans(q, variables, Duration.ofHours(24));
            assertThat(day.getOrDefault("readings", 0L) + day.getOrDefault("readings_1h", 0L)).as(q + " over 24 hours: " + day).isZero();
        }
    }

    /** Rows read per table by the plan's executed scan nodes. */
    private static Map<String, Long> executedScans(DashboardFiles.Query q, Map<String, List<String>> variables, Duration range) throws Exception {
        Map<String, List<String>> all = new HashMap<>(variables);
        all.put("metric", List.of("water.pressure"));
        String sql = new GrafanaMacros(NOW.minus(range), NOW, false, all).expand(q.sql());
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)) {
            rs.next();
            JsonNode plan = new ObjectMapper().readTree(rs.getString(1)).get(0).path("Plan");
            Map<String, Long> scans = new HashMap<>();
            collect(plan, scans);
            if (System.getProperty("varde.debugPlans") != null) {
                System.out.println(q + " " + range + "\n" + plan.toPrettyString());
            }
            return scans;
        }
    }

    private static void collect(JsonNode node, Map<String, Long> scans) {
        if (node.has("Relation Name") && node.path("Actual Loops").asLong() > 0) {
            scans.merge(node.path("Relation Name").asText(), Math.max(1, node.path("Actual Rows").asLong() * node.path("Actual Loops").asLong()), Long::sum);
        }
        for (JsonNode child : node.path("Plans")) {
            collect(child, scans);
        }
    }
}
