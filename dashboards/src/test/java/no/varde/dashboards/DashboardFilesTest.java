package no.varde.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The dashboard and provisioning files are what Grafana needs and what the issue promises, before any database is involved. */
class DashboardFilesTest {
    private static final Set<String> UIDS = Set.of("varde-overview", "varde-water", "varde-air", "varde-traffic", "varde-fleet", "varde-alerts");
    /** Okabe–Ito: distinguishable with the common colour-vision deficiencies. */
    private static final Set<String> PALETTE = Set.of("#0072B2", "#E69F00", "#009E73", "#F0E442", "#56B4E9", "#D55E00", "#CC79A7", "#000000");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void everyDashboardParsesWithAUniqueStableUidNamedAfterItsFile() {
        List<String> uids = new ArrayList<>();
        for (Path file : DashboardFiles.files()) {
            JsonNode d = DashboardFiles.read(file);
            String uid = d.path("uid").asText();
            assertThat(file.getFileName().toString()).isEqualTo(uid + ".json");
            assertThat(d.path("title").asText()).isNotBlank();
            assertThat(d.path("timezone").asText()).isEqualTo("Europe/Oslo");
            uids.add(uid);
        }
        assertThat(uids).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(UIDS);
    }

    @Test
    void everyPanelHasATitleAUnitADescriptionAndOnlyTheProvisionedDatasource() {
        for (JsonNode d : DashboardFiles.dashboards()) {
            assertThat(d.findValues("datasource")).allSatisfy(ds -> assertThat(ds.path("uid").asText()).as(d.path("uid").asText()).isEqualTo("varde-pg"));
            for (JsonNode p : d.path("panels")) {
                String where = d.path("uid").asText() + " / " + p.path("title").asText();
                assertThat(p.path("title").asText()).as(where).isNotBlank();
                assertThat(p.path("description").asText()).as(where).hasSizeGreaterThan(20);
                assertThat(p.path("fieldConfig").path("defaults").path("unit").asText()).as(where + " unit").isNotBlank();
                assertThat(p.path("targets")).as(where).isNotEmpty();
                if ("timeseries".equals(p.path("type").asText())) {
                    assertThat(p.path("options").path("legend").path("showLegend").asBoolean()).as(where + ": series are named, not only coloured").isTrue();
                }
            }
        }
    }

    @Test
    void coloursComeFromAColourBlindSafePaletteAndStatesAreWrittenOut() throws Exception {
        Matcher hex = Pattern.compile("#[0-9A-Fa-f]{6}").matcher(String.join("\n", DashboardFiles.files().stream().map(f -> {
            try {
                return Files.readString(f);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList()));
        Set<String> used = new HashSet<>();
        while (hex.find()) {
            used.add(hex.group().toUpperCase(java.util.Locale.ROOT));
        }
        assertThat(PALETTE).containsAll(used);
        assertThat(String.join("", DashboardFiles.dashboards().stream().map(JsonNode::toString).toList()))
                .doesNotContain("\"palette-classic\"").contains("▲ critical").contains("✓ online");
    }

    @Test
    void everyDashboardHasTheAnomalyAnnotationAndDescribedVariables() {
        for (JsonNode d : DashboardFiles.dashboards()) {
            assertThat(d.path("annotations").path("list").findValuesAsText("name")).as(d.path("uid").asText()).contains("Anomalies");
            for (JsonNode v : d.path("templating").path("list")) {
                assertThat(v.path("description").asText()).as(d.path("uid").asText() + " $" + v.path("name").asText()).isNotBlank();
            }
        }
        assertThat(DashboardFiles.read(DashboardFiles.JSON.resolve("varde-water.json")).path("templating").path("list").findValuesAsText("name"))
                .contains("zone", "device");
    }

    @Test
    void provisioningPointsGrafanaAtTheFilesAndTheDatasourceTakesItsPasswordFromTheEnvironment() throws Exception {
        for (Path f : List.of(DashboardFiles.PROVISIONING.resolve("datasources/varde.yaml"), Path.of("provisioning-local/datasources/varde.yaml"))) {
            JsonNode ds = YAML.readTree(f.toFile()).path("datasources").get(0);
            assertThat(ds.path("uid").asText()).isEqualTo("varde-pg");
            assertThat(ds.path("type").asText()).isEqualTo("grafana-postgresql-datasource");
            assertThat(ds.path("secureJsonData").path("password").asText()).isEqualTo("${DS_VARDE_PASSWORD}");
        }
        assertThat(YAML.readTree(DashboardFiles.PROVISIONING.resolve("datasources/varde.yaml").toFile()).path("datasources").get(0)
                .path("jsonData").path("timescaledb").asBoolean()).isTrue();
        JsonNode provider = YAML.readTree(DashboardFiles.PROVISIONING.resolve("dashboards/varde.yaml").toFile()).path("providers").get(0);
        assertThat(provider.path("folder").asText()).isEqualTo("Varde");
        String compose = Files.readString(Path.of("..", "docker-compose.yml"));
        assertThat(compose).contains("./dashboards/json:" + provider.path("options").path("path").asText())
                .contains("./dashboards/provisioning/datasources:/etc/grafana/provisioning/datasources")
                .contains("./dashboards/provisioning/dashboards:/etc/grafana/provisioning/dashboards");
    }
}
