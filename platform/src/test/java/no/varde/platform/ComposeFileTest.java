package no.varde.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * docker-compose.yml cannot be run here (no Docker engine), so prove what can be proven: it names
 * the jars this build makes, only configuration variables the code reads, only subcommands that
 * exist, and the job class that exists.
 */
class ComposeFileTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static JsonNode services;
    private static String projectVersion;

    @BeforeAll
    static void parse() throws IOException {
        services = new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("docker-compose.yml").toFile()).get("services");
        Matcher version = Pattern.compile("<artifactId>varde-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertThat(version.find()).isTrue();
        projectVersion = version.group(1);
    }

    private static Set<String> environmentNames() {
        Set<String> names = new HashSet<>();
        services.forEach(service -> collectKeys(service.path("environment"), names));
        return names;
    }

    private static void collectKeys(JsonNode environment, Set<String> names) {
        for (Iterator<Map.Entry<String, JsonNode>> it = environment.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (entry.getKey().equals("<<")) {
                collectKeys(entry.getValue(), names);
            } else {
                names.add(entry.getKey());
            }
        }
    }

    @Test
    void hasTheDistributedShape() {
        assertThat(services.fieldNames()).toIterable()
                .contains("timescaledb", "kafka", "jobmanager", "taskmanager", "ingest-1", "ingest-2", "ingest-lb", "simulator", "alerting");
    }

    @Test
    void everyVardeVariableIsReadByTheCode() throws IOException {
        StringBuilder sources = new StringBuilder();
        // Each module's src/main only: a walk of the whole tree also enters target/, where tests
        // running beside this one create and delete directories (Flink's dist cache) mid-walk.
        List<Path> mainSources;
        try (Stream<Path> modules = Files.list(ROOT)) {
            mainSources = modules.map(module -> module.resolve("src/main")).filter(Files::isDirectory).toList();
        }
        assertThat(mainSources).isNotEmpty();
        for (Path main : mainSources) {
            try (Stream<Path> files = Files.walk(main)) {
                for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    sources.append(Files.readString(file));
                }
            }
        }
        Set<String> varde = new HashSet<>(environmentNames());
        varde.removeIf(name -> !name.startsWith("VARDE_"));
        assertThat(varde).isNotEmpty().allSatisfy(name -> assertThat(sources).as(name).contains(name));
    }

    @Test
    void mountsTheJarsThisBuildMakes() {
        Set<String> volumes = new HashSet<>();
        services.forEach(s -> s.path("volumes").forEach(v -> volumes.add(v.asText())));
        assertThat(volumes).anySatisfy(v -> assertThat(v).startsWith("./platform/target/varde-platform-" + projectVersion + "-all.jar:"));
        assertThat(volumes).anySatisfy(v -> assertThat(v).startsWith("./stream-jobs/target/varde-stream-jobs-" + projectVersion + "-job.jar:"));
    }

    @Test
    void theLoadBalancerConfigNamesBothIngestInstances() throws IOException {
        String haproxy = Files.readString(ROOT.resolve("deploy/haproxy/haproxy.cfg"));
        assertThat(services.get("ingest-lb").get("volumes").get(0).asText()).startsWith("./deploy/haproxy/haproxy.cfg:");
        assertThat(haproxy).contains("server ingest-1 \"${VARDE_INGEST_1_MQTT-ingest-1:1883}\"")
                .contains("server ingest-2 \"${VARDE_INGEST_2_MQTT-ingest-2:1883}\"")
                .contains("GET /health/ready");
    }

    @Test
    void theAlertingConfigurationItMountsLoads() throws Exception {
        assertThat(services.get("alerting").get("volumes").toString()).contains("./deploy/alerting/alerting.yaml:/etc/varde/alerting.yaml");
        var config = no.varde.alerting.config.AlertingConfigLoader.load(ROOT.resolve("deploy/alerting/alerting.yaml"), java.util.Map.of());
        assertThat(config.rota().gaps(no.varde.model.Domain.WATER, 0)).isEmpty();
        assertThat(config.channels()).containsKey("inbox");
    }

    @Test
    void runsSubcommandsAndClassesThatExist() throws Exception {
        Set<String> subcommands = new CommandLine(new VardeCli()).getSubcommands().keySet();
        assertThat(services.get("ingest-1").get("command").toString()).contains("\"ingest\"");
        assertThat(services.get("ingest-2").get("command").toString()).contains("\"ingest\"");
        assertThat(subcommands).contains("ingest", "simulate", "run", "alerting");
        assertThat(services.get("alerting").get("command").toString()).contains("\"alerting\"").contains("/etc/varde/alerting.yaml");
        assertThat(services.get("simulator").get("command").toString()).contains("varde.jar simulate");
        String jobClass = services.get("jobmanager").get("command").get(2).asText();
        assertThat(Class.forName(jobClass).getMethod("main", String[].class)).isNotNull();
    }
}
