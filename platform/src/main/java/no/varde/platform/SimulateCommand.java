package no.varde.platform;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import no.varde.simulator.DeviceSimulator;
import no.varde.simulator.Fleet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code varde simulate}: play a fleet of devices against a running Varde. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Publish simulated sensor readings over MQTT for a fleet of registered devices.")
final class SimulateCommand implements Callable<Integer> {
    @Option(names = "--mqtt", defaultValue = "${env:VARDE_MQTT_URL:-tcp://127.0.0.1:11883}", description = "MQTT server URI (default: ${DEFAULT-VALUE}).")
    String mqtt;

    @Option(names = "--fleet", defaultValue = "${env:VARDE_FLEET_FILE:-.varde/run/demo-fleet.csv}",
            description = "CSV of devices with credentials: id,kind,zone,token (default: ${DEFAULT-VALUE}, written by 'varde run').")
    Path fleetFile;

    @Option(names = "--interval", defaultValue = "5", description = "Seconds between a device's messages (default: ${DEFAULT-VALUE}).")
    int intervalSeconds;

    @Option(names = "--duration", defaultValue = "0", description = "Stop after this many seconds; 0 runs until Ctrl-C.")
    int durationSeconds;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed; the same seed gives the same values.")
    long seed;

    @Override
    public Integer call() throws Exception {
        Fleet fleet = Fleet.read(fleetFile);
        try (DeviceSimulator simulator = new DeviceSimulator(mqtt, fleet, Duration.ofSeconds(intervalSeconds), seed, Clock.systemUTC())) {
            simulator.start();
            long end = durationSeconds > 0 ? System.nanoTime() + Duration.ofSeconds(durationSeconds).toNanos() : Long.MAX_VALUE;
            while (System.nanoTime() < end) {
                Thread.sleep(Math.min(10_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                System.out.printf("published %d, acknowledged %d, failed %d (%d readings)%n", simulator.stats().published(),
                        simulator.stats().acknowledged(), simulator.stats().failed(), simulator.stats().readings());
            }
        }
        return 0;
    }
}
