package no.varde.streamjobs.detect;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Runs the adaptive detector over a directory of {@code timestamp,value} CSV files (the NAB
 * layout, {@code <category>/<file>.csv}) and writes each file again with an
 * {@code anomaly_score} column. Strictly online: each row is scored before the detector learns
 * from it, and no row sees a later one. One configuration for every file. The score written is
 * {@link AdaptiveDetector}'s, reported once per episode by {@link EpisodeReporter}.
 */
public final class DetectCsv {
    private static final DateTimeFormatter NAB_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private final DetectorSettings settings;
    private final EpisodeReporter.Rule reporting;

    public DetectCsv(DetectorSettings settings) {
        this(settings, EpisodeReporter.Rule.defaults());
    }

    public DetectCsv(DetectorSettings settings, EpisodeReporter.Rule reporting) {
        this.settings = settings;
        this.reporting = reporting;
    }

    /**
     * The score written for each reading of one series, in order: the adaptive detector's score,
     * reported once per episode. Strictly online: {@code scores[i]} depends only on rows 0..i.
     */
    public double[] scores(long[] epochMillis, double[] values) {
        AdaptiveDetector detector = new AdaptiveDetector(settings);
        EpisodeReporter reporter = new EpisodeReporter(reporting);
        double[] scores = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            scores[i] = reporter.report(detector.score(epochMillis[i], values[i]));
        }
        return scores;
    }

    /** Told after each file: how many are done, of how many, and which. */
    public interface Progress {
        void done(int done, int total, Path file);
    }

    /** Scores every CSV under {@code input}; returns the relative paths written. */
    public List<Path> run(Path input, Path output, Progress progress) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(input)) {
            files = walk.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
        }
        List<Path> written = new ArrayList<>();
        for (Path file : files) {
            Path relative = input.relativize(file);
            Path target = output.resolve(relative);
            Files.createDirectories(target.getParent());
            scoreFile(file, target);
            written.add(relative);
            progress.done(written.size(), files.size(), relative);
        }
        return written;
    }

    void scoreFile(Path in, Path out) throws IOException {
        AdaptiveDetector detector = new AdaptiveDetector(settings);
        EpisodeReporter reporter = new EpisodeReporter(reporting);
        try (BufferedReader reader = Files.newBufferedReader(in); BufferedWriter writer = Files.newBufferedWriter(out)) {
            String header = reader.readLine();
            if (header == null) {
                throw new IOException(in + ": empty file");
            }
            writer.write(header.strip() + ",anomaly_score\n");
            String line;
            int row = 1;
            while ((line = reader.readLine()) != null) {
                row++;
                if (line.isBlank()) {
                    continue;
                }
                int comma = line.indexOf(',');
                if (comma < 0) {
                    throw new IOException(in + ":" + row + ": expected timestamp,value");
                }
                long millis = parseTime(line.substring(0, comma).strip());
                double value = Double.parseDouble(line.substring(comma + 1).strip());
                double score = reporter.report(detector.score(millis, value));
                writer.write(line.strip());
                writer.write(',');
                writer.write(String.format(Locale.ROOT, "%.6f", score));
                writer.write('\n');
            }
        }
    }

    public static long parseTime(String text) {
        String t = text.length() > 19 ? text.substring(0, 19) : text;
        return LocalDateTime.parse(t.replace('T', ' '), NAB_TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

}
