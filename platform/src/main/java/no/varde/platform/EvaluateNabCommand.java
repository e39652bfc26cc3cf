package no.varde.platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import no.varde.platform.nab.NabCandidate;
import no.varde.platform.nab.NabCorpus;
import no.varde.platform.nab.NabCrossValidation;
import no.varde.platform.nab.NabReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code varde evaluate-nab}: the detector on a NAB corpus, in-sample and with leave-one-category-out cross-validation. */
@Command(name = "evaluate-nab", mixinStandardHelpOptions = true,
        description = {"Score a NAB corpus (data/<category>/<file>.csv and labels/combined_windows.json) with Varde's detector: "
                + "in-sample with the defaults, and leave-one-category-out cross-validation (configuration and threshold chosen "
                + "on the other categories, the held-out one scored). Writes report.json and chart.png under --output."})
final class EvaluateNabCommand implements Callable<Integer> {
    @Option(names = "--nab", defaultValue = "../shared/nab", description = "NAB corpus root (default: ${DEFAULT-VALUE}).")
    Path nab;

    @Option(names = "--output", defaultValue = "target/nab-cv", description = "Directory for report.json and chart.png (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--candidates", defaultValue = "neighbourhood",
            description = "Configurations to choose from: neighbourhood (the defaults and each knob moved alone), wide (60 random configurations from wide ranges, without the defaults), repeats (the default detector with a grid of episode repeat rules, without the default rule) or defaults (default: ${DEFAULT-VALUE}).")
    String candidates;

    @Override
    public Integer call() throws Exception {
        List<NabCandidate> list = switch (candidates) {
            case "neighbourhood" -> NabCandidate.neighbourhood();
            case "defaults" -> List.of(NabCandidate.defaults());
            case "wide" -> NabCandidate.wide(60, 1);
            case "repeats" -> NabCandidate.repeats();
            default -> throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--candidates must be neighbourhood, wide, repeats or defaults, not " + candidates);
        };
        NabCorpus corpus = NabCorpus.load(nab);
        NabCrossValidation.Result result = new NabCrossValidation(corpus, list).run(System.err::println);
        Files.createDirectories(output);
        NabReport.writeJson(result, output.resolve("report.json"));
        NabReport.writeChart(result, output.resolve("chart.png"));
        System.out.print(NabReport.table(result));
        System.out.println("Wrote " + output.resolve("report.json") + " and " + output.resolve("chart.png"));
        return 0;
    }
}
