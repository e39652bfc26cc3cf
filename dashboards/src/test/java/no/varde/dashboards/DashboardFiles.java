package no.varde.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The provisioned dashboards as the tests read them: every panel query and variable query, with where it comes from. */
final class DashboardFiles {
    static final Path JSON = Path.of("json");
    static final Path PROVISIONING = Path.of("provisioning");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One SQL text of a dashboard: a panel target, a variable or an annotation. */
    record Query(String dashboard, String where, String panelType, String format, String sql, String timeFrom) {
        @Override
        public String toString() {
            return dashboard + " / " + where;
        }
    }

    static List<Path> files() {
        try (Stream<Path> s = Files.list(JSON)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(Path file) {
        try {
            return MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }

    static List<JsonNode> dashboards() {
        return files().stream().map(DashboardFiles::read).toList();
    }

    static List<Query> queries() {
        List<Query> out = new ArrayList<>();
        for (JsonNode d : dashboards()) {
            String uid = d.path("uid").asText();
            for (JsonNode p : d.path("panels")) {
                for (JsonNode t : p.path("targets")) {
                    out.add(new Query(uid, "panel '" + p.path("title").asText() + "'", p.path("type").asText(), t.path("format").asText(),
                            t.path("rawSql").asText(), p.path("timeFrom").asText(null)));
                }
            }
            for (JsonNode v : d.path("templating").path("list")) {
                if ("query".equals(v.path("type").asText())) {
                    out.add(new Query(uid, "variable $" + v.path("name").asText(), "variable", "table", v.path("query").asText(), null));
                }
            }
            for (JsonNode a : d.path("annotations").path("list")) {
                out.add(new Query(uid, "annotation '" + a.path("name").asText() + "'", "annotation", "table",
                        a.path("target").path("rawSql").asText(), null));
            }
        }
        return out;
    }
}
