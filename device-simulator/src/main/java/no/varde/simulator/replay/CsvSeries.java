package no.varde.simulator.replay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A recorded series, {@code timestamp,value} per line after a header, as the Numenta Anomaly
 * Benchmark lays it out. Timestamps may be {@code 2014-04-01 00:00:00} (NAB, taken as UTC),
 * ISO-8601 instants, or epoch seconds; rows must be in time order.
 */
public record CsvSeries(List<Row> rows) {
    private static final DateTimeFormatter NAB = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    public record Row(Instant time, double value) {
    }

    public CsvSeries {
        rows = List.copyOf(rows);
    }

    public static CsvSeries read(Path file) throws IOException {
        List<Row> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || (n == 0 && !Character.isDigit(line.charAt(0)))) {
                continue;
            }
            String[] f = line.split(",");
            if (f.length < 2) {
                throw new IOException(file + " line " + (n + 1) + ": expected timestamp,value");
            }
            Instant time;
            double value;
            try {
                time = parseTime(f[0].strip());
                value = Double.parseDouble(f[1].strip());
            } catch (DateTimeParseException | NumberFormatException e) {
                throw new IOException(file + " line " + (n + 1) + ": " + e.getMessage(), e);
            }
            if (!rows.isEmpty() && time.isBefore(rows.get(rows.size() - 1).time())) {
                throw new IOException(file + " line " + (n + 1) + ": timestamps must not go backwards");
            }
            rows.add(new Row(time, value));
        }
        if (rows.isEmpty()) {
            throw new IOException(file + " holds no rows");
        }
        return new CsvSeries(rows);
    }

    static Instant parseTime(String text) {
        if (text.matches("\\d+(\\.\\d+)?")) {
            return Instant.ofEpochMilli(Math.round(Double.parseDouble(text) * 1000));
        }
        if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$")) {
            return java.time.OffsetDateTime.parse(text.replace(' ', 'T')).toInstant();
        }
        if (text.contains("T")) {
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        }
        return LocalDateTime.parse(text, NAB).toInstant(ZoneOffset.UTC);
    }

    public Instant first() {
        return rows.get(0).time();
    }

    public Instant last() {
        return rows.get(rows.size() - 1).time();
    }
}
