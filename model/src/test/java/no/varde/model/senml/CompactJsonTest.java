package no.varde.model.senml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import no.varde.model.validation.RejectReason;
import no.varde.model.validation.Rejection;
import org.junit.jupiter.api.Test;

/** Varde's compact JSON form: one object with a time, one field per metric and optional units. */
class CompactJsonTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private final SenmlCodec codec = new SenmlCodec();

    private SenmlPack pack(String json) throws SenmlException {
        return codec.decode(json.getBytes(StandardCharsets.UTF_8), NOW);
    }

    private List<SenmlRecord> decode(String json) throws SenmlException {
        SenmlPack pack = pack(json);
        assertThat(pack.rejections()).as("rejections of %s", json).isEmpty();
        return pack.records();
    }

    private void assertReject(String json, RejectReason reason) {
        assertThatThrownBy(() -> pack(json)).isInstanceOf(SenmlException.class)
                .satisfies(e -> assertThat(((SenmlException) e).reason()).isEqualTo(reason));
    }

    @Test
    void readsOneObjectWithATimeAndUnits() throws Exception {
        List<SenmlRecord> records = decode("{\"t\":1700000000,\"water.pressure\":4.1,\"water.flow\":11.2,"
                + "\"units\":{\"water.flow\":\"l/s\"}}");
        assertThat(records).extracting(SenmlRecord::metricName).containsExactly("water.pressure", "water.flow");
        assertThat(records).extracting(SenmlRecord::unit).containsExactly(null, "l/s");
        assertThat(records).extracting(SenmlRecord::time).containsOnly(Instant.ofEpochSecond(1_700_000_000L));
        assertThat(decode("{\"t\":\"2026-11-23T11:00:00Z\",\"air.o3\":60}").get(0).time())
                .isEqualTo(Instant.parse("2026-11-23T11:00:00Z"));
        assertThat(decode("{\"air.o3\":60}").get(0).time()).isEqualTo(NOW);
        assertThat(decode("{\"t\":-60,\"air.o3\":60}").get(0).time()).isEqualTo(NOW.minusSeconds(60));
    }

    @Test
    void aFieldThatIsNotANumberIsRejectedNotIgnored() throws Exception {
        SenmlPack pack = pack("{\"air.o3\":60,\"air.no2\":\"12.5\"}");
        assertThat(pack.records()).extracting(SenmlRecord::metricName).containsExactly("air.o3");
        assertThat(pack.rejections()).extracting(Rejection::reason).containsExactly(RejectReason.NOT_NUMERIC);
        assertThat(pack.rejections().get(0).recordIndex()).isEqualTo(1);
        assertThat(pack.rejections().get(0).detail()).contains("air.no2");
    }

    @Test
    void rejectsObjectsThatAreNotTheCompactForm() {
        assertReject("{\"t\":5}", RejectReason.EMPTY_PAYLOAD);
        assertReject("{\"t\":\"yesterday\",\"air.no2\":3}", RejectReason.MALFORMED_PAYLOAD);
        assertReject("{\"t\":1e300,\"air.no2\":3}", RejectReason.MALFORMED_PAYLOAD);
        assertReject("{\"air.no2\":3,\"units\":{\"air.no2\":5}}", RejectReason.MALFORMED_PAYLOAD);
    }
}
