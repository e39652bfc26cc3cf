package no.varde.platform;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import no.varde.simulator.Fleet;
import no.varde.simulator.SimulatedDevice;
import no.varde.simulator.load.LoadReport;
import no.varde.simulator.load.LoadSettings;
import no.varde.simulator.load.MqttLoadHarness;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code varde load}: the MQTT load harness. Against Varde it uses registered devices from a fleet
 * file; against another broker (Mosquitto, for a reference run on the same machine) it can connect
 * anonymously. Prints a status line every second and the report at the end.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Publish QoS 1 messages over N connections as fast as acknowledgements allow (or at --rate) and report msg/s and PUBACK latency.")
final class LoadCommand implements Callable<Integer> {
    @Option(names = "--mqtt", defaultValue = "tcp://127.0.0.1:11883", description = "MQTT server URI (default: ${DEFAULT-VALUE}).")
    String mqtt;

    @Option(names = "--fleet", defaultValue = "${env:VARDE_DATA_DIR:-varde-data}/demo-fleet.csv",
            description = "Devices with credentials to connect as (default: ${DEFAULT-VALUE}).")
    Path fleet;

    @Option(names = "--anonymous", description = "Connect without credentials (for a reference broker such as Mosquitto).")
    boolean anonymous;

    @Option(names = "--connections", defaultValue = "8", description = "Concurrent connections (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--window", defaultValue = "64", description = "QoS 1 messages in flight per connection (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--rate", defaultValue = "0", description = "Target msg/s over all connections; 0 = as fast as acknowledged (default).")
    double rate;

    @Option(names = "--duration", defaultValue = "30", description = "Seconds measured (default: ${DEFAULT-VALUE}).")
    int duration;

    @Option(names = "--warmup", defaultValue = "5", description = "Seconds before measuring (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--json", description = "Also write the report as JSON to this file.")
    Path json;

    @Override
    public Integer call() throws Exception {
        List<LoadSettings.Identity> identities = new ArrayList<>();
        if (anonymous) {
            for (int i = 0; i < connections; i++) {
                identities.add(new LoadSettings.Identity("load-" + i, null, "sensors/load-" + i + "/telemetry"));
            }
        } else {
            for (SimulatedDevice d : Fleet.read(fleet).devices()) {
                identities.add(new LoadSettings.Identity(d.id(), d.token(), "sensors/" + d.id() + "/telemetry"));
            }
        }
        LoadSettings settings = new LoadSettings(mqtt, identities, connections, window, rate, Duration.ofSeconds(duration),
                Duration.ofSeconds(warmup));
        System.out.printf("Load: %d connections, window %d, %s, %d s (+%d s warm-up) against %s%n", connections, window,
                rate > 0 ? rate + " msg/s" : "as fast as acknowledged", duration, warmup, mqtt);
        LoadReport report = new MqttLoadHarness(settings, System.out::println).run();
        System.out.println(report.format());
        if (json != null) {
            Files.writeString(json, new JsonObject().put("target", report.target()).put("connections", report.connections())
                    .put("window", window).put("targetRate", rate).put("acknowledged", report.acknowledged())
                    .put("failed", report.failed()).put("seconds", report.seconds()).put("msgPerSecond", report.messagesPerSecond())
                    .put("p50Ms", report.percentileMillis(50)).put("p99Ms", report.percentileMillis(99))
                    .put("p999Ms", report.percentileMillis(99.9)).encodePrettily());
        }
        return report.failed() == 0 ? 0 : 1;
    }
}
