package no.varde.simulator.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvSeriesTest {
    @Test
    void readsNabIsoAndEpochTimestamps(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("s.csv"), "timestamp,value\n2014-04-01 00:00:00,1.5\n2014-04-01T00:05:00Z,2\n1396311000,3\n");
        CsvSeries series = CsvSeries.read(file);
        assertThat(series.rows()).extracting(CsvSeries.Row::time).containsExactly(Instant.parse("2014-04-01T00:00:00Z"),
                Instant.parse("2014-04-01T00:05:00Z"), Instant.parse("2014-04-01T00:10:00Z"));
        assertThat(series.rows()).extracting(CsvSeries.Row::value).containsExactly(1.5, 2.0, 3.0);
    }

    @Test
    void mistakesNameTheLine(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.csv"), "timestamp,value\n2014-04-01 00:00:00,1\n2014-04-01 00:05:00,lots\n");
        assertThatThrownBy(() -> CsvSeries.read(bad)).hasMessageContaining("bad.csv line 3");
        Path backwards = Files.writeString(dir.resolve("back.csv"), "timestamp,value\n2014-04-01 00:05:00,1\n2014-04-01 00:00:00,2\n");
        assertThatThrownBy(() -> CsvSeries.read(backwards)).hasMessageContaining("line 3: timestamps must not go backwards");
        Path empty = Files.writeString(dir.resolve("empty.csv"), "timestamp,value\n");
        assertThatThrownBy(() -> CsvSeries.read(empty)).hasMessageContaining("holds no rows");
    }
}
