package no.varde.opendata.sta;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.apache.jena.rdf.model.Model;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.RDFNode;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.ValidationReport;
import org.apache.jena.vocabulary.DCAT;
import org.apache.jena.vocabulary.DCTerms;
import org.junit.jupiter.api.Test;

/**
 * The catalogue the national data catalogue harvests validates against DCAT-AP-NO's mandatory
 * shapes, in Turtle and JSON-LD alike; the daily CSV files hold what the API would show and no
 * more; publication levels are set through the admin API, with its token.
 */
class OpenDataCatalogueTest extends TownTest {
    @Test
    void theCatalogueValidatesInTurtleAndJsonLd() throws Exception {
        Model turtle = read("/open-data/catalog.ttl", Lang.TURTLE);
        Model jsonld = read("/open-data/catalog.jsonld", Lang.JSONLD);
        assertThat(turtle.isIsomorphicWith(jsonld)).isTrue();
        ValidationReport report = ShaclValidator.get().validate(shapes(), turtle.getGraph());
        assertThat(report.conforms()).as(() -> report.getEntries().toString()).isTrue();

        List<String> datasets = new ArrayList<>();
        turtle.listObjectsOfProperty(DCAT.dataset).forEachRemaining(d -> datasets.add(d.asResource().getURI().replaceAll(".*/", "")));
        assertThat(datasets).containsExactlyInAnyOrder("air-sentrum", "traffic-ost", "water-nord", "water-vest");
        assertThat(turtle.listObjectsOfProperty(DCAT.distribution).toList()).hasSize(4 * 3);
        assertThat(turtle.listObjectsOfProperty(DCTerms.license).toList()).extracting(RDFNode::toString)
                .containsOnly("http://data.norge.no/nlod/no/2.0");
        // The houses' zone has no public device, so no extent that could place a house.
        assertThat(turtle.getResource(town.base + "/open-data/datasets/water-vest#zone").hasProperty(DCAT.bbox)).isFalse();
        assertThat(turtle.getResource(town.base + "/open-data/datasets/water-nord#zone").hasProperty(DCAT.bbox)).isTrue();
    }

    @Test
    void theShapesRejectACatalogueWithoutAPublisher() throws Exception {
        Model turtle = read("/open-data/catalog.ttl", Lang.TURTLE);
        turtle.removeAll(null, DCTerms.publisher, null);
        assertThat(ShaclValidator.get().validate(shapes(), turtle.getGraph()).conforms()).isFalse();
    }

    @Test
    void aDayOfADatasetAsCsv() throws Exception {
        HttpResponse<String> nord = town.get(town.base + "/open-data/downloads/water-nord/2026-11-02.csv");
        assertThat(nord.statusCode()).isEqualTo(200);
        String[] lines = nord.body().split("\n");
        assertThat(lines[0]).isEqualTo("datastream,thing,metric,time,value,unit");
        assertThat(lines).hasSize(1 + 2 * StaFixture.READINGS);
        assertThat(lines[1]).isEqualTo("water-nord-01:water.flow,water-nord-01,water.flow,2026-11-02T00:00:00Z,0.0,m3/h");

        String vest = town.get(town.base + "/open-data/downloads/water-vest/2026-11-02.csv").body();
        assertThat(vest.split("\n")).hasSize(1 + 12); // the zone's mean, hours with at least k meters only
        assertThat(vest).doesNotContain("house-meter", "secret", "98765").contains("zone:Vest:water.flow~1h,zone:Vest,water.flow,2026-11-02T00:00:00Z,252.5,m3/h");

        assertThat(town.get(town.base + "/open-data/downloads/water-nord/2026-11-03.csv").body().split("\n")).hasSize(1);
        assertThat(town.get(town.base + "/open-data/downloads/water-nord/yesterday.csv").statusCode()).isEqualTo(404);
        assertThat(town.get(town.base + "/open-data/downloads/water-atlantis/2026-11-02.csv").statusCode()).isEqualTo(404);
    }

    @Test
    void theSameDayAsParquetHoldsTheSameRows() throws Exception {
        for (String dataset : List.of("water-nord", "water-vest")) {
            String csv = town.get(town.base + "/open-data/downloads/" + dataset + "/2026-11-02.csv").body();
            HttpResponse<byte[]> r = town.bytes(town.base + "/open-data/downloads/" + dataset + "/2026-11-02.parquet");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).contains("application/vnd.apache.parquet");
            java.nio.file.Path file = java.nio.file.Files.createTempFile("day-", ".parquet");
            java.nio.file.Files.write(file, r.body());
            List<String> rows = new ArrayList<>();
            try (ParquetFileReader reader = ParquetFileReader.open(new org.apache.parquet.io.LocalInputFile(file))) {
                MessageType schema = reader.getFooter().getFileMetaData().getSchema();
                for (PageReadStore pages = reader.readNextRowGroup(); pages != null; pages = reader.readNextRowGroup()) {
                    RecordReader<Group> records = new ColumnIOFactory().getColumnIO(schema).getRecordReader(pages, new GroupRecordConverter(schema));
                    for (long i = 0; i < pages.getRowCount(); i++) {
                        Group g = records.read();
                        long micros = g.getLong("time", 0);
                        java.time.Instant time = java.time.Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1_000);
                        rows.add(g.getString("datastream", 0) + "," + g.getString("thing", 0) + "," + g.getString("metric", 0) + "," + time + ","
                                + g.getDouble("value", 0) + "," + g.getString("unit", 0));
                    }
                }
            }
            java.nio.file.Files.delete(file);
            assertThat(rows).as(dataset).containsExactlyElementsOf(List.of(csv.substring(DailyCsvHeader.LENGTH).split("\n")));
        }
    }

    /** The CSV header's length, to compare the rows alone. */
    private static final class DailyCsvHeader {
        static final int LENGTH = no.varde.opendata.dcat.DailyCsv.HEADER.length();
    }

    @Test
    void publicationLevelsAreSetWithTheAdminToken() throws Exception {
        String url = town.base + "/api/v1/publication/devices/traffic-ost-01";
        assertThat(town.put(url, "{\"publication\":\"none\"}", null).statusCode()).isEqualTo(401);
        assertThat(town.put(url, "{\"publication\":\"none\"}", "wrong").statusCode()).isEqualTo(401);
        assertThat(town.put(url, "{\"publication\":\"secret\"}", StaFixture.ADMIN_TOKEN).statusCode()).isEqualTo(400);
        assertThat(town.put(town.base + "/api/v1/publication/devices/nobody", "{\"publication\":\"none\"}", StaFixture.ADMIN_TOKEN).statusCode())
                .isEqualTo(404);
        assertThat(town.put(town.base + "/api/v1/publication/metrics/water.magic", "{\"publication\":\"none\"}", StaFixture.ADMIN_TOKEN)
                .statusCode()).isEqualTo(404);
        try {
            assertThat(town.put(url, "{\"publication\":\"none\"}", StaFixture.ADMIN_TOKEN).statusCode()).isEqualTo(200);
            assertThat(town.get(town.sta("/Things('traffic-ost-01')")).statusCode()).isEqualTo(404);
            JsonObject list = new JsonObject(town.send(town.base + "/api/v1/publication", "Authorization", "Bearer " + StaFixture.ADMIN_TOKEN).body());
            assertThat(list.getJsonArray("devices").encode()).contains("traffic-ost-01");
        } finally {
            town.put(url, "{\"publication\":\"public\"}", StaFixture.ADMIN_TOKEN);
        }
        assertThat(town.get(town.sta("/Things('traffic-ost-01')")).statusCode()).isEqualTo(200);
    }

    private static Model read(String path, Lang lang) throws Exception {
        HttpResponse<String> r = town.get(town.base + path);
        assertThat(r.statusCode()).isEqualTo(200);
        Model m = ModelFactory.createDefaultModel();
        RDFParser.create().source(new StringReader(r.body())).lang(lang).base(town.base).parse(m.getGraph());
        return m;
    }

    private static Shapes shapes() {
        return Shapes.parse(RDFDataMgr.loadGraph(OpenDataCatalogueTest.class.getResource("/dcat-ap-no-2-mandatory.shapes.ttl").toString()));
    }
}
