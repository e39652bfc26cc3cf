package no.varde.platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import no.varde.streamjobs.detect.DetectCsv;
import no.varde.streamjobs.detect.DetectorSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code varde detect-csv}: the statistical detector over recorded series, for benchmarks such as NAB. */
@Command(name = "detect-csv", mixinStandardHelpOptions = true,
        description = {"Score every timestamp,value CSV under --input (NAB layout: <category>/<file>.csv) with Varde's adaptive detector "
                + "and write each, with an anomaly_score column, under --output. Strictly online, one configuration for all files.",
                "Score NAB results with: python3 ../shared/tools/nab_score.py --nab ../shared/nab --results OUTPUT"})
final class DetectCsvCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, description = "Directory of CSV files (searched recursively).")
    Path input;

    @Option(names = "--output", required = true, description = "Directory for the scored files (same relative paths).")
    Path output;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(input)) {
            System.err.println(input + " is not a directory");
            return 2;
        }
        long started = System.nanoTime();
        List<Path> written = new DetectCsv(DetectorSettings.defaults()).run(input, output,
                (done, total, file) -> System.err.printf(java.util.Locale.ROOT, "detect-csv: %d/%d %s%n", done, total, file));
        System.out.printf(java.util.Locale.ROOT, "Scored %d files into %s in %.1f s%n", written.size(), output,
                (System.nanoTime() - started) / 1e9);
        return written.isEmpty() ? 1 : 0;
    }
}
