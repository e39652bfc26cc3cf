package no.varde.platform;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/varde}: one command, a subcommand per way of running Varde. */
@Command(name = "varde", mixinStandardHelpOptions = true, version = "Varde 0.1.0",
        description = "Varde: sensor platform for municipal water, air and traffic.",
        subcommands = {RunCommand.class, BackupCommand.class, RestoreCommand.class, DetectCsvCommand.class, EvaluateCommand.class, EvaluateNabCommand.class, SimulateCommand.class, ReplayCommand.class, BenchCommand.class, IngestCommand.class, AlertingCommand.class, AlertBenchCommand.class, DevicesCommand.class, LoadCommand.class, SoakCommand.class, LoadFleetCommand.class, BrokerCommand.class, SinkBenchCommand.class, ReportCommand.class, no.varde.platform.costcurve.CostCurveCommand.class})
public final class VardeCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        int exit = new CommandLine(new VardeCli()).execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }
}
