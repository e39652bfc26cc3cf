package no.varde.model.senml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import no.varde.model.Reading;
import no.varde.model.senml.SenmlRecord.ValueKind;
import no.varde.model.validation.RejectReason;
import no.varde.model.validation.Rejection;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** RFC 8428 sections 4 and 5, rule by rule; the section each test pins is in its name or comment. */
class SenmlCodecTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final double NOW_SECONDS = NOW.getEpochSecond();
    private final SenmlCodec codec = new SenmlCodec();

    private SenmlPack pack(String json) throws SenmlException {
        return codec.decode(json.getBytes(StandardCharsets.UTF_8), NOW);
    }

    private List<SenmlRecord> decode(String json) throws SenmlException {
        SenmlPack pack = pack(json);
        assertThat(pack.rejections()).as("rejections of %s", json).isEmpty();
        return pack.records();
    }

    private Rejection onlyRejection(String json) throws SenmlException {
        SenmlPack pack = pack(json);
        assertThat(pack.rejections()).as("rejections of %s", json).hasSize(1);
        return pack.rejections().get(0);
    }

    @Nested
    class BaseFieldsCarryToLaterRecords {
        @Test
        void baseNameTimeAndUnitApplyToThisAndEveryLaterRecord() throws Exception {
            List<SenmlRecord> records = decode("""
                    [{"bn":"urn:dev:varde:w-1:","bt":1.7e9,"bu":"bar","n":"water.pressure","v":4.1},
                     {"n":"water.pressure","v":4.0,"t":60},
                     {"n":"water.flow","u":"m3/h","v":12.5,"t":120}]""");
            assertThat(records).extracting(SenmlRecord::name).containsExactly("urn:dev:varde:w-1:water.pressure",
                    "urn:dev:varde:w-1:water.pressure", "urn:dev:varde:w-1:water.flow");
            assertThat(records).extracting(SenmlRecord::metricName).containsExactly("water.pressure", "water.pressure", "water.flow");
            assertThat(records).extracting(SenmlRecord::unit).containsExactly("bar", "bar", "m3/h");
            assertThat(records).extracting(SenmlRecord::time).containsExactly(Instant.ofEpochSecond(1_700_000_000L),
                    Instant.ofEpochSecond(1_700_000_060L), Instant.ofEpochSecond(1_700_000_120L));
            assertThat(records.get(2).index()).isEqualTo(2);
        }

        @Test
        void aLaterRecordWithoutTimeTakesTheBaseTimeNotTheReceiveTime() throws Exception {
            // The defect the issue found: bt in record 0, record 1 with neither t nor bt was stamped "now".
            double tenMinutesAgo = NOW_SECONDS - 600;
            List<SenmlRecord> records = decode("[{\"bn\":\"w-1:\",\"bt\":" + tenMinutesAgo + ",\"n\":\"water.ph\",\"v\":7.1},"
                    + "{\"n\":\"water.chlorine\",\"v\":0.2}]");
            assertThat(records).extracting(SenmlRecord::time).containsOnly(NOW.minusSeconds(600));
        }

        @Test
        void aBaseFieldHoldsUntilTheNextBaseFieldOfTheSameKind() throws Exception {
            // Section 5.1.6: the last record uses the base name of the third and the base time of the first.
            List<SenmlRecord> records = decode("""
                    [{"bn":"2001:db8::2/","bt":1.320078429e+09,"n":"temperature","u":"Cel","v":25.2},
                     {"n":"humidity","u":"%RH","v":30},
                     {"bn":"2001:db8::1/","n":"temperature","u":"Cel","v":12.3},
                     {"n":"humidity","u":"%RH","v":67}]""");
            assertThat(records).extracting(SenmlRecord::name).containsExactly("2001:db8::2/temperature",
                    "2001:db8::2/humidity", "2001:db8::1/temperature", "2001:db8::1/humidity");
            assertThat(records).extracting(SenmlRecord::time).containsOnly(Instant.ofEpochSecond(1_320_078_429L));
        }

        @Test
        void baseUnitAppliesOnlyWhenTheRecordHasNoUnit() throws Exception {
            List<SenmlRecord> records = decode("[{\"bn\":\"w:\",\"bu\":\"bar\",\"n\":\"water.pressure\",\"v\":4},"
                    + "{\"n\":\"water.pressure\",\"u\":\"kPa\",\"v\":400},{\"bu\":\"mbar\",\"n\":\"water.pressure\",\"v\":4000}]");
            assertThat(records).extracting(SenmlRecord::unit).containsExactly("bar", "kPa", "mbar");
        }

        @Test
        void baseValueIsAddedToEveryLaterValue() throws Exception {
            List<SenmlRecord> records = decode("[{\"bn\":\"t:\",\"bv\":100,\"n\":\"traffic.vehicle_count\",\"v\":5},"
                    + "{\"n\":\"traffic.vehicle_count\",\"v\":7,\"t\":1},{\"bv\":0,\"n\":\"traffic.vehicle_count\",\"v\":3,\"t\":2}]");
            assertThat(records).extracting(SenmlRecord::value).containsExactly(105.0, 107.0, 3.0);
        }

        @Test
        void baseSumIsAddedToTheSumAndAloneGivesASum() throws Exception {
            List<SenmlRecord> records = decode("[{\"bn\":\"m:\",\"bs\":1000,\"n\":\"water.flow\",\"s\":5},"
                    + "{\"n\":\"water.flow\",\"v\":3}]");
            assertThat(records).extracting(SenmlRecord::sum).containsExactly(1005.0, 1000.0);
            assertThat(records).extracting(SenmlRecord::kind).containsExactly(ValueKind.NONE, ValueKind.NUMBER);
            assertThat(decode("[{\"n\":\"water.flow\",\"v\":3}]").get(0).sum()).isNull();
        }

        @Test
        void aRecordOfBaseFieldsOnlySetsWhatFollowsAndIsNoMeasurement() throws Exception {
            // Section 5.1.7 opens with {"bn": ...} alone.
            List<SenmlRecord> records = decode("""
                    [{"bn":"urn:dev:ow:10e2073a01080063:"},
                     {"n":"temp","u":"Cel","v":23.1},
                     {"n":"heat","u":"/","v":1},
                     {"n":"fan","u":"/","v":0}]""");
            assertThat(records).extracting(SenmlRecord::name).containsExactly("urn:dev:ow:10e2073a01080063:temp",
                    "urn:dev:ow:10e2073a01080063:heat", "urn:dev:ow:10e2073a01080063:fan");
            assertThat(records).extracting(SenmlRecord::index).containsExactly(1, 2, 3);
            assertReject("[{\"bn\":\"x:\",\"bt\":1.7e9}]", RejectReason.EMPTY_PAYLOAD);
        }

        @Test
        void aBaseFieldOfTheWrongTypeRejectsThePack() {
            assertReject("[{\"bn\":5,\"n\":\"water.ph\",\"v\":7}]", RejectReason.MALFORMED_PAYLOAD, "record 0", "'bn'");
            assertReject("[{\"n\":\"water.ph\",\"v\":7},{\"bt\":\"soon\",\"n\":\"water.ph\",\"v\":7}]",
                    RejectReason.MALFORMED_PAYLOAD, "record 1", "'bt'");
            assertReject("[{\"bu\":true,\"n\":\"water.ph\",\"v\":7}]", RejectReason.MALFORMED_PAYLOAD, "'bu'");
            assertReject("[{\"bv\":\"1\",\"n\":\"water.ph\",\"v\":7}]", RejectReason.MALFORMED_PAYLOAD, "'bv'");
            assertReject("[{\"bs\":[],\"n\":\"water.ph\",\"v\":7}]", RejectReason.MALFORMED_PAYLOAD, "'bs'");
        }
    }

    @Nested
    class Version {
        @Test
        void withoutBverThePackIsVersion10AndOlderVersionsAreRead() throws Exception {
            assertThat(decode("[{\"n\":\"water.ph\",\"v\":7,\"bver\":10},{\"n\":\"water.ph\",\"v\":7,\"t\":1}]")).hasSize(2);
            // Section 5.1.2's example declares version 5: older than 10, so readable.
            assertThat(decode("[{\"bver\":5,\"n\":\"water.ph\",\"v\":7},{\"n\":\"water.ph\",\"v\":7,\"bver\":5,\"t\":1}]")).hasSize(2);
            assertThat(decode("[{\"n\":\"water.ph\",\"v\":7},{\"bver\":10,\"n\":\"water.ph\",\"v\":7,\"t\":1}]")).hasSize(2);
        }

        @Test
        void aNewerVersionIsNotUsed() {
            assertReject("[{\"bver\":11,\"n\":\"water.ph\",\"v\":7}]", RejectReason.UNSUPPORTED_VERSION, "version 11 is newer");
        }

        @Test
        void aPackThatChangesVersionIsRejected() {
            assertReject("[{\"bver\":5,\"n\":\"water.ph\",\"v\":7},{\"bver\":10,\"n\":\"water.ph\",\"v\":7}]",
                    RejectReason.UNSUPPORTED_VERSION, "record 1 changes the version from 5 to 10");
            // No bver at first means 10, so a later 5 is a change too.
            assertReject("[{\"n\":\"water.ph\",\"v\":7},{\"bver\":5,\"n\":\"water.ph\",\"v\":7}]",
                    RejectReason.UNSUPPORTED_VERSION, "from 10 to 5");
        }

        @Test
        void theVersionIsAPositiveInteger() {
            assertReject("[{\"bver\":0,\"n\":\"water.ph\",\"v\":7}]", RejectReason.UNSUPPORTED_VERSION, "positive integer");
            assertReject("[{\"bver\":9.5,\"n\":\"water.ph\",\"v\":7}]", RejectReason.UNSUPPORTED_VERSION, "positive integer");
            assertReject("[{\"bver\":\"10\",\"n\":\"water.ph\",\"v\":7}]", RejectReason.UNSUPPORTED_VERSION, "positive integer");
        }
    }

    @Nested
    class Names {
        @Test
        void theResolvedNameMayHoldLettersDigitsAndTheFivePunctuationMarks() throws Exception {
            assertThat(decode("[{\"n\":\"0a-Z:./_water.ph\",\"v\":7}]").get(0).metricName()).isEqualTo("_water.ph");
        }

        @Test
        void aCharacterOutsideTheSetRejectsTheRecord() throws Exception {
            Rejection rejection = onlyRejection("[{\"n\":\"water.ph\",\"v\":7},{\"n\":\"water ph\",\"v\":7}]");
            assertThat(rejection.reason()).isEqualTo(RejectReason.INVALID_NAME);
            assertThat(rejection.recordIndex()).isEqualTo(1);
            assertThat(rejection.detail()).contains("section 4.5.1");
            assertThat(pack("[{\"n\":\"water.ph\",\"v\":7},{\"n\":\"water ph\",\"v\":7}]").records()).hasSize(1);
            assertThat(onlyRejection("[{\"n\":\"w\\u00e6ter\",\"v\":7}]").reason()).isEqualTo(RejectReason.INVALID_NAME);
            assertThat(onlyRejection("[{\"n\":\"a\\u0000b\",\"v\":7}]").detail()).contains("\\u0000");
        }

        @Test
        void theFirstCharacterMustBeALetterOrADigit() throws Exception {
            for (String bad : List.of("-x", ":x", ".x", "/x", "_x")) {
                assertThat(onlyRejection("[{\"n\":\"" + bad + "\",\"v\":7}]").reason()).as(bad).isEqualTo(RejectReason.INVALID_NAME);
            }
            // The rule is on the concatenated name: a base name that starts well makes "_x" fine.
            assertThat(decode("[{\"bn\":\"w1\",\"n\":\"_x\",\"v\":7}]").get(0).name()).isEqualTo("w1_x");
        }

        @Test
        void theNameCheckAgreesWithSection451sCharacterClassesForEveryCharacterAndPlace() {
            java.util.regex.Pattern spec = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9\\-:./_]*");
            for (char c = 0; c < 0x3000; c++) {
                for (String name : List.of(String.valueOf(c), c + "x", "x" + c, "x" + c + "y")) {
                    assertThat(SenmlResolver.isValidName(name)).as("U+%04X in '%s'", (int) c, name).isEqualTo(spec.matcher(name).matches());
                }
            }
            assertThat(SenmlResolver.isValidName("")).isFalse();
        }

        @Test
        void aRecordWithoutAnyNameIsRejected() throws Exception {
            Rejection rejection = onlyRejection("[{\"v\":4}]");
            assertThat(rejection.reason()).isEqualTo(RejectReason.INVALID_NAME);
            assertThat(rejection.detail()).contains("no name");
        }
    }

    @Nested
    class Values {
        @Test
        void exactlyOneValueField() throws Exception {
            Rejection two = onlyRejection("[{\"n\":\"water.ph\",\"v\":7,\"vs\":\"seven\"}]");
            assertThat(two.reason()).isEqualTo(RejectReason.MULTIPLE_VALUES);
            assertThat(two.recordIndex()).isEqualTo(0);
            assertThat(onlyRejection("[{\"n\":\"x\",\"vb\":true,\"vd\":\"aGk\"}]").reason()).isEqualTo(RejectReason.MULTIPLE_VALUES);
        }

        @Test
        void aRecordWithNeitherValueNorSumIsAnErrorNotANull() throws Exception {
            Rejection rejection = onlyRejection("[{\"n\":\"water.ph\",\"v\":7},{\"n\":\"water.ph\",\"t\":1}]");
            assertThat(rejection.reason()).isEqualTo(RejectReason.NO_VALUE);
            assertThat(rejection.recordIndex()).isEqualTo(1);
            // A base value is not a value field.
            assertThat(onlyRejection("[{\"bv\":3,\"n\":\"water.ph\"}]").reason()).isEqualTo(RejectReason.NO_VALUE);
        }

        @Test
        void aSumMayStandWithoutAValue() throws Exception {
            SenmlRecord record = decode("[{\"n\":\"water.flow\",\"s\":12.5,\"u\":\"m3\"}]").get(0);
            assertThat(record.kind()).isEqualTo(ValueKind.NONE);
            assertThat(record.value()).isNull();
            assertThat(record.sum()).isEqualTo(12.5);
        }

        @Test
        void stringBooleanAndDataValuesAreReadAsTheirKind() throws Exception {
            List<SenmlRecord> records = decode("""
                    [{"bn":"urn:dev:ow:10e2073a01080063:","n":"temp","u":"Cel","v":23.1},
                     {"n":"label","vs":"Machine Room"},
                     {"n":"open","vb":false},
                     {"n":"nfv-reader","vd":"aGkgCg"}]""");
            assertThat(records).extracting(SenmlRecord::kind)
                    .containsExactly(ValueKind.NUMBER, ValueKind.STRING, ValueKind.BOOLEAN, ValueKind.DATA);
            assertThat(records).extracting(SenmlRecord::value).containsExactly(23.1, null, null, null);
        }

        @Test
        void aRegularFieldOfTheWrongTypeRejectsItsRecord() throws Exception {
            for (String bad : List.of("{\"n\":\"x\",\"v\":\"4\"}", "{\"n\":\"x\",\"vs\":4}", "{\"n\":\"x\",\"vb\":\"true\"}",
                    "{\"n\":\"x\",\"vd\":\"a+b=\"}", "{\"n\":\"x\",\"s\":\"1\"}", "{\"n\":\"x\",\"v\":1,\"t\":\"now\"}",
                    "{\"n\":\"x\",\"v\":1,\"ut\":[]}", "{\"n\":5,\"v\":1}", "{\"n\":\"x\",\"v\":1,\"u\":1}")) {
                Rejection rejection = onlyRejection("[" + bad + "]");
                assertThat(rejection.reason()).as(bad).isEqualTo(RejectReason.MALFORMED_PAYLOAD);
                assertThat(rejection.recordIndex()).as(bad).isZero();
            }
        }

        @Test
        void nanIsReadSoThatItCanBeRejectedAsNotFinite() throws Exception {
            assertThat(decode("[{\"n\":\"water.ph\",\"v\":NaN}]").get(0).value()).isNaN();
        }
    }

    @Nested
    class MustUnderstand {
        @Test
        void aFieldWhoseLabelEndsInUnderscoreRejectsThePack() {
            assertReject("[{\"n\":\"water.ph\",\"v\":7},{\"n\":\"water.ph\",\"v\":7,\"crit_\":1}]",
                    RejectReason.MUST_UNDERSTAND, "record 1", "'crit_'");
        }

        @Test
        void otherUnknownFieldsAreIgnored() throws Exception {
            assertThat(decode("[{\"n\":\"water.ph\",\"v\":7,\"foo\":{\"bar\":1},\"_x\":2}]")).hasSize(1);
        }
    }

    @Nested
    class Times {
        @Test
        void aRecordWithoutAnyTimeIsNow() throws Exception {
            // Section 4.5.3: a missing time is 0, and 0 is "now".
            assertThat(decode("[{\"n\":\"air.no2\",\"v\":20}]").get(0).time()).isEqualTo(NOW);
        }

        @Test
        void resolvedTimesBelow2To28AreRelativeToNowNegativeOnesIncluded() throws Exception {
            assertThat(decode("[{\"n\":\"air.no2\",\"v\":20,\"t\":-30}]").get(0).time()).isEqualTo(NOW.minusSeconds(30));
            assertThat(decode("[{\"n\":\"air.no2\",\"v\":20,\"t\":30}]").get(0).time()).isEqualTo(NOW.plusSeconds(30));
            assertThat(decode("[{\"n\":\"air.no2\",\"v\":20,\"t\":268435455}]").get(0).time()).isEqualTo(NOW.plusSeconds(268_435_455L));
            // A large negative is still relative (the old reader took |t| >= 2^28 as absolute).
            assertThat(decode("[{\"n\":\"air.no2\",\"v\":20,\"t\":-300000000}]").get(0).time())
                    .isEqualTo(NOW.minusSeconds(300_000_000L));
            // bt + t decides: a relative base time with a relative offset stays relative...
            assertThat(decode("[{\"bt\":-60,\"n\":\"air.no2\",\"v\":20,\"t\":30}]").get(0).time()).isEqualTo(NOW.minusSeconds(30));
            // ...and an absolute base time with a negative offset stays absolute.
            assertThat(decode("[{\"bt\":1.7e9,\"n\":\"air.no2\",\"v\":20,\"t\":-60}]").get(0).time())
                    .isEqualTo(Instant.ofEpochSecond(1_700_000_000L - 60));
        }

        @Test
        void from2To28OnTimesAreSecondsSinceTheEpoch() throws Exception {
            assertThat(decode("[{\"n\":\"air.no2\",\"v\":20,\"t\":268435456}]").get(0).time())
                    .isEqualTo(Instant.parse("1978-07-04T21:24:16Z"));
        }

        @Test
        void keepsMicrosecondPrecision() throws Exception {
            Instant t = decode("[{\"n\":\"water.ph\",\"v\":7,\"t\":1700000000.123456}]").get(0).time();
            assertThat(t).isEqualTo(Instant.parse("2023-11-14T22:13:20.123456Z"));
        }

        @Test
        void unrepresentableTimesRejectTheirRecord() throws Exception {
            assertThat(onlyRejection("[{\"n\":\"x\",\"v\":1,\"t\":1e300}]").reason()).isEqualTo(RejectReason.TIME_IN_FUTURE);
            assertThat(onlyRejection("[{\"n\":\"x\",\"v\":1,\"t\":-1e300}]").reason()).isEqualTo(RejectReason.TIME_TOO_OLD);
            assertThat(onlyRejection("[{\"n\":\"x\",\"v\":1,\"t\":Infinity}]").reason()).isEqualTo(RejectReason.MALFORMED_PAYLOAD);
        }

        @Test
        void resolvedRecordsComeInChronologicalOrderStableForEqualTimes() throws Exception {
            // Section 4.6: resolved records are in chronological order; the pack index stays with each.
            List<SenmlRecord> records = decode("[{\"bn\":\"w:\",\"n\":\"water.ph\",\"v\":7.2,\"t\":-10},"
                    + "{\"n\":\"water.ph\",\"v\":7.0,\"t\":-30},{\"n\":\"water.chlorine\",\"v\":0.2,\"t\":-30},"
                    + "{\"n\":\"water.ph\",\"v\":7.1,\"t\":-20}]");
            assertThat(records).extracting(SenmlRecord::index).containsExactly(1, 2, 3, 0);
            assertThat(records).extracting(SenmlRecord::value).containsExactly(7.0, 0.2, 7.1, 7.2);
        }
    }

    @Nested
    class WholeMessages {
        @Test
        void rejectsWhatIsNotSenml() {
            assertReject("", RejectReason.EMPTY_PAYLOAD);
            assertReject("[]", RejectReason.EMPTY_PAYLOAD);
            assertReject("\"text\"", RejectReason.MALFORMED_PAYLOAD);
            assertReject("[1,2]", RejectReason.MALFORMED_PAYLOAD, "record 0 is not a JSON object");
            assertReject("not json", RejectReason.MALFORMED_PAYLOAD);
        }

        @Test
        void aFieldGivenTwiceIsMalformedNotSilentlyTheLastOne() {
            assertReject("[{\"n\":\"water.ph\",\"v\":7,\"v\":8}]", RejectReason.MALFORMED_PAYLOAD, "Duplicate field 'v'");
        }
    }

    @Test
    void encodeThenDecodeRoundTrips() throws Exception {
        Instant t = Instant.parse("2026-11-23T11:59:00.250Z");
        List<Reading> readings = List.of(
                new Reading("w-1", "water.pressure", 4.1, "bar", t, NOW),
                new Reading("w-1", "water.flow", 12.5, "m3/h", t, NOW));
        List<SenmlRecord> records = codec.decode(codec.encode("w-1", readings), NOW).records();
        assertThat(records).extracting(SenmlRecord::metricName).containsExactly("water.pressure", "water.flow");
        assertThat(records).extracting(SenmlRecord::value).containsExactly(4.1, 12.5);
        assertThat(records).extracting(SenmlRecord::time).containsOnly(t);
    }

    private void assertReject(String json, RejectReason reason, String... detail) {
        assertThatThrownBy(() -> pack(json))
                .isInstanceOf(SenmlException.class)
                .satisfies(e -> assertThat(((SenmlException) e).reason()).isEqualTo(reason))
                .satisfies(e -> List.of(detail).forEach(d -> assertThat(e.getMessage()).contains(d)));
    }
}
