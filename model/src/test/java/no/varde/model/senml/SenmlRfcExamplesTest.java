package no.varde.model.senml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 8428's own examples (section 5.1) resolve as the RFC says; section 5.1.3 exactly to the table of 5.1.4. */
class SenmlRfcExamplesTest {
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

    @Test
    void section513ResolvesExactlyToTheTableOf514() throws Exception {
        List<SenmlRecord> records = decode("""
                [
                  {"bn":"urn:dev:ow:10e2073a01080063","bt":1.320067464e+09,
                   "bu":"%RH","v":20},
                  {"u":"lon","v":24.30621},
                  {"u":"lat","v":60.07965},
                  {"t":60,"v":20.3},
                  {"u":"lon","t":60,"v":24.30622},
                  {"u":"lat","t":60,"v":60.07965},
                  {"t":120,"v":20.7},
                  {"u":"lon","t":120,"v":24.30623},
                  {"u":"lat","t":120,"v":60.07966},
                  {"u":"%EL","t":150,"v":98},
                  {"t":180,"v":21.2},
                  {"u":"lon","t":180,"v":24.30628},
                  {"u":"lat","t":180,"v":60.07967}
                ]""");
        String n = "urn:dev:ow:10e2073a01080063";
        List<Object[]> table = List.of(
                new Object[] {n, "%RH", 1.320067464e+09, 20.0},
                new Object[] {n, "lon", 1.320067464e+09, 24.30621},
                new Object[] {n, "lat", 1.320067464e+09, 60.07965},
                new Object[] {n, "%RH", 1.320067524e+09, 20.3},
                new Object[] {n, "lon", 1.320067524e+09, 24.30622},
                new Object[] {n, "lat", 1.320067524e+09, 60.07965},
                new Object[] {n, "%RH", 1.320067584e+09, 20.7},
                new Object[] {n, "lon", 1.320067584e+09, 24.30623},
                new Object[] {n, "lat", 1.320067584e+09, 60.07966},
                new Object[] {n, "%EL", 1.320067614e+09, 98.0},
                new Object[] {n, "%RH", 1.320067644e+09, 21.2},
                new Object[] {n, "lon", 1.320067644e+09, 24.30628},
                new Object[] {n, "lat", 1.320067644e+09, 60.07967});
        assertThat(records).hasSize(table.size());
        for (int i = 0; i < table.size(); i++) {
            Object[] row = table.get(i);
            SenmlRecord r = records.get(i);
            assertThat(r.name()).isEqualTo(row[0]);
            assertThat(r.unit()).isEqualTo(row[1]);
            assertThat(r.time()).isEqualTo(Instant.ofEpochSecond((long) (double) (Double) row[2]));
            assertThat(r.value()).isEqualTo(row[3]);
            assertThat(r.sum()).isNull();
        }
    }

    @Test
    void section512ReadsBothExamples() throws Exception {
        List<SenmlRecord> now = decode("""
                [{"bn":"urn:dev:ow:10e2073a01080063:","n":"voltage","u":"V","v":120.1},
                 {"n":"current","u":"A","v":1.2}]""");
        assertThat(now).extracting(SenmlRecord::time).containsOnly(NOW);
        List<SenmlRecord> series = decode("""
                [{"bn":"urn:dev:ow:10e2073a0108006:","bt":1.276020076001e+09,
                  "bu":"A","bver":5,"n":"voltage","u":"V","v":120.1},
                 {"n":"current","t":-5,"v":1.2},{"n":"current","t":-4,"v":1.3},
                 {"n":"current","t":-3,"v":1.4},{"n":"current","t":-2,"v":1.5},
                 {"n":"current","t":-1,"v":1.6},{"n":"current","v":1.7}]""");
        Instant base = Instant.parse("2010-06-08T18:01:16.001Z");
        assertThat(series).extracting(SenmlRecord::time).containsExactly(base.minusSeconds(5), base.minusSeconds(4),
                base.minusSeconds(3), base.minusSeconds(2), base.minusSeconds(1), base, base);
        assertThat(series).extracting(SenmlRecord::unit).containsExactly("A", "A", "A", "A", "A", "V", "A");
    }

    @Test
    void section517ReadsTheActuationExamples() throws Exception {
        List<SenmlRecord> lights = decode("""
                [{"bt":1.320078429e+09,"bu":"/","n":"2001:db8::3","v":0.5},
                 {"n":"2001:db8::4","v":0.5},
                 {"n":"2001:db8::3","t":0.1,"v":0},
                 {"n":"2001:db8::4","t":0.1,"v":0}]""");
        assertThat(lights).extracting(SenmlRecord::unit).containsOnly("/");
        assertThat(lights.get(3).time()).isEqualTo(Instant.parse("2011-10-31T16:27:09.100Z"));
    }
}
