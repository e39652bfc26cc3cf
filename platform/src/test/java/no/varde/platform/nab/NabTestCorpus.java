package no.varde.platform.nab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;
import java.util.StringJoiner;

/**
 * Writes small NAB-layout corpora for tests: a few categories of noisy daily series, some with
 * a level shift inside a labelled window, and optionally a results directory of random scores.
 */
final class NabTestCorpus {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    static final LocalDateTime START = LocalDateTime.of(2026, 1, 5, 0, 0);

    private NabTestCorpus() {
    }

    /** {@code categories} × {@code filesPerCategory} files of {@code rows} 5-minute rows; file 0 of each category has no window. */
    static Path write(Path root, String[] categories, int filesPerCategory, int rows, long seed) throws IOException {
        Random random = new Random(seed);
        StringJoiner labels = new StringJoiner(",\n", "{\n", "\n}\n");
        for (String category : categories) {
            Files.createDirectories(root.resolve("data").resolve(category));
            for (int f = 0; f < filesPerCategory; f++) {
                String key = category + "/series_" + f + ".csv";
                int shiftAt = f == 0 ? -1 : rows / 2 + random.nextInt(rows / 4);
                double shift = 4 + random.nextInt(4);
                StringBuilder csv = new StringBuilder("timestamp,value\n");
                for (int i = 0; i < rows; i++) {
                    double v = 10 + 3 * Math.sin(2 * Math.PI * i / 288) + random.nextGaussian() * 0.5 + (shiftAt >= 0 && i >= shiftAt ? shift : 0);
                    csv.append(stamp(i)).append(',').append(String.format(Locale.ROOT, "%.3f", v)).append('\n');
                }
                Files.writeString(root.resolve("data").resolve(key), csv);
                String windows = shiftAt < 0 ? "[]" : "[[\"" + stamp(shiftAt - 20) + ".000000\", \"" + stamp(shiftAt + 20) + ".000000\"]]";
                labels.add("  \"" + key + "\": " + windows);
            }
        }
        Files.createDirectories(root.resolve("labels"));
        Files.writeString(root.resolve("labels").resolve("combined_windows.json"), labels.toString());
        return root;
    }

    static String stamp(int row) {
        return START.plusMinutes(5L * row).format(STAMP);
    }
}
