package no.varde.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import no.varde.model.MetricCatalogue;
import no.varde.model.Reading;
import no.varde.model.senml.SenmlCodec;
import no.varde.model.senml.SenmlException;
import no.varde.model.validation.ReadingValidator;
import no.varde.model.validation.RejectReason;
import no.varde.model.validation.ValidationPolicy;
import no.varde.model.validation.ValidationResult;
import no.varde.simulator.city.Report;
import no.varde.simulator.incident.BadDataVariant;
import org.junit.jupiter.api.Test;

/** Bad-data incidents produce exactly the rejection they are meant to exercise in ingest's own validator. */
class PayloadEncoderTest {
    private final MetricCatalogue catalogue = MetricCatalogue.standard();
    private final PayloadEncoder encoder = new PayloadEncoder(catalogue);
    private final Instant now = Instant.now();
    private final List<Reading> readings = List.of(new Reading("w-1", "water.pressure", 4.2, "bar", now, now),
            new Reading("w-1", "water.flow", 40, "m3/h", now, now));

    private ValidationResult validate(BadDataVariant variant) throws SenmlException {
        byte[] payload = encoder.encode("w-1", new Report(readings, false, variant));
        SenmlCodec codec = new SenmlCodec();
        return new ReadingValidator(catalogue, ValidationPolicy.defaults()).validate("w-1", codec.decode(payload, now), now);
    }

    @Test
    void goodReportsPass() throws Exception {
        assertThat(validate(null).fullyAccepted()).isTrue();
        assertThat(validate(null).accepted()).hasSize(2);
    }

    @Test
    void eachVariantIsRejectedForItsReasonAndTheRestOfThePackSurvives() throws Exception {
        ValidationResult outOfRange = validate(BadDataVariant.OUT_OF_RANGE);
        assertThat(outOfRange.rejections()).singleElement().extracting(r -> r.reason()).isEqualTo(RejectReason.OUT_OF_RANGE);
        assertThat(outOfRange.accepted()).hasSize(1);
        assertThat(validate(BadDataVariant.WRONG_UNIT).rejections()).singleElement().extracting(r -> r.reason())
                .isEqualTo(RejectReason.UNSUPPORTED_UNIT);
        assertThatThrownBy(() -> validate(BadDataVariant.MALFORMED)).isInstanceOfSatisfying(SenmlException.class,
                e -> assertThat(e.reason()).isEqualTo(RejectReason.MALFORMED_PAYLOAD));
    }
}
