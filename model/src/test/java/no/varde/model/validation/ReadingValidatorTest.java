package no.varde.model.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import no.varde.model.MetricCatalogue;
import no.varde.model.Reading;
import no.varde.model.senml.SenmlPack;
import no.varde.model.senml.SenmlRecord;
import org.junit.jupiter.api.Test;

class ReadingValidatorTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private final ReadingValidator validator = new ReadingValidator(MetricCatalogue.standard(),
            new ValidationPolicy(Duration.ofMinutes(5), Duration.ofDays(7)));

    private static SenmlRecord record(int index, String metric, Double value, String unit, Instant time) {
        return new SenmlRecord(index, metric, metric, value, unit, time);
    }

    @Test
    void acceptsAGoodRecordAndConvertsItsUnit() {
        ValidationResult result = validator.validate("w-1",
                List.of(record(0, "water.pressure", 410.0, "kPa", NOW.minusSeconds(10))), NOW);
        assertThat(result.fullyAccepted()).isTrue();
        Reading reading = result.accepted().get(0);
        assertThat(reading.deviceId()).isEqualTo("w-1");
        assertThat(reading.value()).isCloseTo(4.1, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(reading.unit()).isEqualTo("bar");
        assertThat(reading.eventTime()).isEqualTo(NOW.minusSeconds(10));
        assertThat(reading.receiveTime()).isEqualTo(NOW);
    }

    @Test
    void aRecordWithoutTimeTakesTheReceiveTime() {
        ValidationResult result = validator.validate("a-1", List.of(record(0, "air.no2", 20.0, null, null)), NOW);
        assertThat(result.accepted().get(0).eventTime()).isEqualTo(NOW);
    }

    @Test
    void keepsTheGoodRecordsOfABatchAndNamesEachBadOne() {
        ValidationResult result = validator.validate("w-1", List.of(
                record(0, "water.pressure", 4.1, "bar", NOW),
                record(1, "water.colour", 1.0, null, NOW),
                record(2, "water.ph", 15.0, null, NOW),
                record(3, "water.pressure", 4.0, "psi", NOW),
                record(4, "water.pressure", 4.0, null, NOW.plus(Duration.ofHours(1))),
                record(5, "water.pressure", 4.0, null, NOW.minus(Duration.ofDays(8))),
                record(6, "water.pressure", null, null, NOW),
                record(7, "water.flow", 12.0, "l/s", NOW)), NOW);
        assertThat(result.accepted()).extracting(Reading::metric).containsExactly("water.pressure", "water.flow");
        assertThat(result.accepted().get(1).value()).isCloseTo(43.2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(result.rejections()).extracting(Rejection::reason).containsExactly(
                RejectReason.UNKNOWN_METRIC, RejectReason.OUT_OF_RANGE, RejectReason.UNSUPPORTED_UNIT,
                RejectReason.TIME_IN_FUTURE, RejectReason.TIME_TOO_OLD, RejectReason.NOT_NUMERIC);
        assertThat(result.rejections()).extracting(Rejection::recordIndex).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(result.rejections().get(1).detail()).contains("water.ph").contains("plausible range");
    }

    @Test
    void aSumIsRefusedAndSaidSoWhileTheValueBesideItIsStored() {
        SenmlRecord both = new SenmlRecord(0, "water.flow", "water.flow", 12.0, SenmlRecord.ValueKind.NUMBER, null, NOW, 500.0);
        SenmlRecord sumOnly = new SenmlRecord(1, "water.flow", "water.flow", null, SenmlRecord.ValueKind.NONE, null, NOW, 500.0);
        ValidationResult result = validator.validate("w-1", List.of(both, sumOnly), NOW);
        assertThat(result.accepted()).extracting(Reading::value).containsExactly(12.0);
        assertThat(result.rejections()).extracting(Rejection::reason)
                .containsExactly(RejectReason.SUM_NOT_STORED, RejectReason.SUM_NOT_STORED);
        assertThat(result.rejections()).extracting(Rejection::recordIndex).containsExactly(0, 1);
    }

    @Test
    void aStringValueForANumericMetricSaysWhichFieldItWas() {
        SenmlRecord text = new SenmlRecord(0, "water.ph", "water.ph", null, SenmlRecord.ValueKind.STRING, null, NOW, null);
        Rejection rejection = validator.validate("w-1", List.of(text), NOW).rejections().get(0);
        assertThat(rejection.reason()).isEqualTo(RejectReason.NOT_NUMERIC);
        assertThat(rejection.detail()).contains("'vs'").contains("water.ph");
    }

    @Test
    void aPacksOwnRejectionsAreReportedWithTheValidatorsInRecordOrder() throws Exception {
        SenmlPack pack = new no.varde.model.senml.SenmlCodec().decode(
                "[{\"n\":\"water.colour\",\"v\":1},{\"n\":\"water ph\",\"v\":7},{\"n\":\"water.ph\",\"v\":7}]"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8), NOW);
        ValidationResult result = validator.validate("w-1", pack, NOW);
        assertThat(result.accepted()).hasSize(1);
        assertThat(result.rejections()).extracting(Rejection::reason)
                .containsExactly(RejectReason.UNKNOWN_METRIC, RejectReason.INVALID_NAME);
    }

    @Test
    void rejectsInfiniteValuesAfterConversion() {
        ValidationResult result = validator.validate("w-1",
                List.of(record(0, "water.flow", Double.MAX_VALUE, "m3/s", NOW)), NOW);
        assertThat(result.rejections()).extracting(Rejection::reason).containsExactly(RejectReason.NOT_FINITE);
    }
}
