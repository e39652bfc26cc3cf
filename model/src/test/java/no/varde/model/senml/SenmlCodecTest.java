package no.varde.model.senml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import no.varde.model.Reading;
import no.varde.model.validation.RejectReason;
import org.junit.jupiter.api.Test;

class SenmlCodecTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private final SenmlCodec codec = new SenmlCodec();

    private List<SenmlRecord> decode(String json) throws SenmlException {
        return codec.decode(json.getBytes(StandardCharsets.UTF_8), NOW);
    }

    @Test
    void appliesBaseNameTimeAndUnitToFollowingRecords() throws Exception {
        List<SenmlRecord> records = decode("""
                [{"bn":"urn:dev:varde:w-1:","bt":1.7e9,"bu":"bar","n":"water.pressure","v":4.1},
                 {"n":"water.pressure","v":4.0,"t":60},
                 {"n":"water.flow","u":"m3/h","v":12.5,"t":120}]""");
        assertThat(records).hasSize(3);
        assertThat(records.get(0).name()).isEqualTo("urn:dev:varde:w-1:water.pressure");
        assertThat(records.get(0).metricName()).isEqualTo("water.pressure");
        assertThat(records.get(0).unit()).isEqualTo("bar");
        assertThat(records.get(0).time()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
        assertThat(records.get(1).time()).isEqualTo(Instant.ofEpochSecond(1_700_000_060L));
        assertThat(records.get(2).unit()).isEqualTo("m3/h");
        assertThat(records.get(2).index()).isEqualTo(2);
    }

    @Test
    void smallTimesAreRelativeToNow() throws Exception {
        List<SenmlRecord> records = decode("[{\"n\":\"air.no2\",\"v\":20,\"t\":-30}]");
        assertThat(records.get(0).time()).isEqualTo(NOW.minusSeconds(30));
    }

    @Test
    void recordWithoutTimeHasNone() throws Exception {
        assertThat(decode("[{\"n\":\"air.no2\",\"v\":20}]").get(0).time()).isNull();
    }

    @Test
    void baseValueIsAdded() throws Exception {
        assertThat(decode("[{\"bv\":100,\"n\":\"traffic.vehicle_count\",\"v\":5}]").get(0).value()).isEqualTo(105.0);
    }

    @Test
    void stringValueLeavesTheValueEmpty() throws Exception {
        assertThat(decode("[{\"n\":\"water.ph\",\"vs\":\"seven\"}]").get(0).value()).isNull();
    }

    @Test
    void keepsMicrosecondPrecision() throws Exception {
        Instant t = decode("[{\"n\":\"water.ph\",\"v\":7,\"t\":1700000000.123456}]").get(0).time();
        assertThat(t).isEqualTo(Instant.parse("2023-11-14T22:13:20.123456Z"));
    }

    @Test
    void rejectsWhatIsNotSenml() {
        assertReject("", RejectReason.EMPTY_PAYLOAD);
        assertReject("[]", RejectReason.EMPTY_PAYLOAD);
        assertReject("{\"n\":\"x\"}", RejectReason.MALFORMED_PAYLOAD);
        assertReject("{\"t\":5}", RejectReason.EMPTY_PAYLOAD);
        assertReject("{\"t\":\"yesterday\",\"air.no2\":3}", RejectReason.MALFORMED_PAYLOAD);
        assertReject("\"text\"", RejectReason.MALFORMED_PAYLOAD);
        assertReject("[{\"n\":\"x\",\"v\":\"4\"}]", RejectReason.MALFORMED_PAYLOAD);
        assertReject("[{\"v\":4}]", RejectReason.MALFORMED_PAYLOAD);
        assertReject("[1,2]", RejectReason.MALFORMED_PAYLOAD);
        assertReject("not json", RejectReason.MALFORMED_PAYLOAD);
    }

    @Test
    void nanIsReadSoThatItCanBeRejectedAsNotFinite() throws Exception {
        assertThat(decode("[{\"n\":\"water.ph\",\"v\":NaN}]").get(0).value()).isNaN();
    }

    @Test
    void readsTheCompactForm() throws Exception {
        List<SenmlRecord> records = decode("{\"t\":1700000000,\"water.pressure\":4.1,\"water.flow\":11.2,"
                + "\"units\":{\"water.flow\":\"l/s\"}}");
        assertThat(records).extracting(SenmlRecord::metricName).containsExactly("water.pressure", "water.flow");
        assertThat(records).extracting(SenmlRecord::unit).containsExactly(null, "l/s");
        assertThat(records).extracting(SenmlRecord::time).containsOnly(Instant.ofEpochSecond(1_700_000_000L));
        assertThat(decode("{\"t\":\"2026-11-23T11:00:00Z\",\"air.o3\":60}").get(0).time())
                .isEqualTo(Instant.parse("2026-11-23T11:00:00Z"));
        assertThat(decode("{\"air.o3\":60}").get(0).time()).isNull();
    }

    @Test
    void encodeThenDecodeRoundTrips() throws Exception {
        Instant t = Instant.parse("2026-11-23T11:59:00.250Z");
        List<Reading> readings = List.of(
                new Reading("w-1", "water.pressure", 4.1, "bar", t, NOW),
                new Reading("w-1", "water.flow", 12.5, "m3/h", t, NOW));
        List<SenmlRecord> records = codec.decode(codec.encode("w-1", readings), NOW);
        assertThat(records).extracting(SenmlRecord::metricName).containsExactly("water.pressure", "water.flow");
        assertThat(records).extracting(SenmlRecord::value).containsExactly(4.1, 12.5);
        assertThat(records).extracting(SenmlRecord::time).containsOnly(t);
    }

    private void assertReject(String json, RejectReason reason) {
        assertThatThrownBy(() -> decode(json))
                .isInstanceOf(SenmlException.class)
                .satisfies(e -> assertThat(((SenmlException) e).reason()).isEqualTo(reason));
    }
}
