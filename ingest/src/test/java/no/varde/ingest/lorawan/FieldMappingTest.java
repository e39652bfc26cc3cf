package no.varde.ingest.lorawan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import no.varde.model.DeviceKind;
import no.varde.model.MetricCatalogue;
import no.varde.model.senml.SenmlPack;
import no.varde.model.senml.SenmlRecord;
import no.varde.model.validation.ReadingValidator;
import no.varde.model.validation.RejectReason;
import no.varde.model.validation.Rejection;
import no.varde.model.validation.ValidationPolicy;
import no.varde.model.validation.ValidationResult;
import no.varde.storage.Device;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FieldMappingTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private final FieldMapping mapping = FieldMapping.standard();
    private final UplinkMapper mapper = new UplinkMapper(MetricCatalogue.standard());
    private final ReadingValidator validator = new ReadingValidator(MetricCatalogue.standard(),
            new ValidationPolicy(Duration.ofMinutes(5), Duration.ofDays(7)));

    @Test
    void everyBuiltInModelFilesExampleMapsEveryFieldItNamesToAValidReading() {
        assertThat(mapping.models()).hasSizeGreaterThanOrEqualTo(5);
        for (FieldMapping.Model model : mapping.models()) {
            assertThat(model.example()).as(model.name() + " has an example").isNotNull();
            DeviceKind kind = DeviceKind.of(MetricCatalogue.standard().find(model.fields().values().iterator().next().metric())
                    .orElseThrow().domain());
            Device device = Device.of("d-1", kind, "Sentrum").withModel(model.name(), Map.of());
            SenmlPack pack = mapper.map(mapping.select(device, null), model.example(), NOW);
            ValidationResult result = validator.validate("d-1", pack, NOW);
            assertThat(result.rejections()).as(model.name()).isEmpty();
            assertThat(result.accepted()).as(model.name()).hasSizeGreaterThanOrEqualTo(model.fields().size());
        }
    }

    @Test
    void theDeviceModelWinsOverTheProfileAndNamesCompareLoosely() {
        assertThat(mapping.model("dragino/lsn50v2-s31", null)).map(FieldMapping.Model::name).contains("Dragino LSN50v2-S31");
        assertThat(mapping.model("Milesight AM319", "Dragino LSN50v2-S31")).map(FieldMapping.Model::name).contains("Milesight AM319");
        assertThat(mapping.model("Unknown thing", "milesight-iot/em500-swl")).map(FieldMapping.Model::name).contains("Milesight EM500-SWL");
        assertThat(mapping.model("Unknown thing", null)).isEmpty();
    }

    @Test
    void theKindsMappingFillsInWhatTheModelDoesNotName() {
        Device device = Device.of("d-1", DeviceKind.AIR, "Sentrum").withModel("Ezurio RS26x", Map.of());
        SenmlPack pack = mapper.map(mapping.select(device, null), new JsonObject().put("Temperature", 3.5).put("humidity", 80), NOW);
        assertThat(pack.records()).extracting(SenmlRecord::metricName).containsExactly("air.temperature", "air.humidity");
        assertThat(mapping.select(Device.of("d-2", DeviceKind.AIR, "Sentrum"), null).model()).isNull();
    }

    @Test
    void fieldsNamedLikeACatalogueMetricMapToIt() {
        Device device = Device.of("d-1", DeviceKind.AIR, "Sentrum");
        SenmlPack pack = mapper.map(mapping.select(device, null), new JsonObject().put("air.no2", 17).put("rssi", -90), NOW);
        assertThat(pack.records()).extracting(SenmlRecord::metricName).containsExactly("air.no2");
        assertThat(pack.records().get(0).unit()).isEqualTo("ug/m3");
    }

    @Test
    void valuesThatAreNotNumbersAreNamedInTheirRejection() {
        Device device = Device.of("d-1", DeviceKind.WATER, "Nord");
        JsonObject decoded = new JsonObject().put("pressure", "4,1").put("flow", true).put("level", new JsonObject())
                .put("ph", "7.2").put("turbidity", "1e400x").put("chlorine", " 0.5 ");
        SenmlPack pack = mapper.map(mapping.select(device, null), decoded, NOW);
        assertThat(pack.records()).extracting(SenmlRecord::metricName).containsExactlyInAnyOrder("water.ph", "water.chlorine");
        assertThat(pack.rejections()).extracting(Rejection::reason).containsOnly(RejectReason.NOT_NUMERIC).hasSize(4);
        assertThat(pack.rejections()).extracting(Rejection::detail)
                .anySatisfy(d -> assertThat(d).contains("'pressure'").contains("\"4,1\""));
    }

    @Test
    void aModelFileWithAnUnknownMetricOrUnitFailsWhenLoaded(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("bad.json"), "{\"model\":\"Bad\",\"fields\":{\"x\":{\"metric\":\"water.colour\",\"unit\":\"m\"}}}");
        assertThatThrownBy(() -> FieldMapping.load(MetricCatalogue.standard(), dir)).hasMessageContaining("unknown metric 'water.colour'");
        Files.writeString(dir.resolve("bad.json"), "{\"model\":\"Bad\",\"fields\":{\"x\":{\"metric\":\"water.pressure\",\"unit\":\"psi\"}}}");
        assertThatThrownBy(() -> FieldMapping.load(MetricCatalogue.standard(), dir)).hasMessageContaining("'psi'");
    }

    @Test
    void anOperatorsOwnModelFileIsLoadedFromTheConfiguredDirectory(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("mine.json"), "{\"model\":\"Kommune Nivåmåler 1\",\"match\":[\"knm-1\"],"
                + "\"fields\":{\"Measurements/level_mm\":{\"metric\":\"water.reservoir_level\",\"unit\":\"mm\"}}}");
        FieldMapping configured = FieldMapping.configured(Map.of(FieldMapping.MODELS_DIR_SETTING, dir.toString()));
        Device device = Device.of("d-1", DeviceKind.WATER, "Nord").withModel("KNM-1", Map.of());
        SenmlPack pack = mapper.map(configured.select(device, null),
                new JsonObject().put("Measurements", new JsonObject().put("level_mm", 2310)), NOW);
        assertThat(validator.validate("d-1", pack, NOW).accepted()).singleElement()
                .satisfies(r -> assertThat(r.value()).isEqualTo(2.31));
    }
}
