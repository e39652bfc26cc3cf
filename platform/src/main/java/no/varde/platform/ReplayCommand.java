package no.varde.platform;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import no.varde.model.Metric;
import no.varde.model.MetricCatalogue;
import no.varde.simulator.Fleet;
import no.varde.simulator.ProgressBar;
import no.varde.simulator.SimulatedDevice;
import no.varde.simulator.link.FleetLinks;
import no.varde.simulator.link.LinkSettings;
import no.varde.simulator.link.MqttVersion;
import no.varde.simulator.link.TrustedCertificates;
import no.varde.simulator.replay.CsvReplay;
import no.varde.simulator.replay.CsvSeries;
import no.varde.simulator.replay.TimestampMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code varde replay}: play a recorded {@code timestamp,value} series (e.g. a NAB file) as one device's metric. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay a timestamp,value CSV (the NAB layout) as one device's metric over MQTT, at a chosen speed.")
final class ReplayCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, description = "CSV with a header and timestamp,value rows.")
    Path input;

    @Option(names = "--device", required = true, description = "Device to publish as; its credentials come from --fleet.")
    String device;

    @Option(names = "--metric", required = true, description = "Catalogue metric the values are, in its canonical unit (e.g. air.temperature).")
    String metric;

    @Option(names = "--speed", defaultValue = "1", description = "Recorded seconds per wall-clock second (default: ${DEFAULT-VALUE}; 3600 plays an hour a second).")
    double speed;

    @Option(names = "--timestamps", defaultValue = "shifted",
            description = "shifted (recorded spacing, ending now), original, or wall (time of sending) (default: ${DEFAULT-VALUE}).")
    String timestamps;

    @Option(names = "--mqtt", defaultValue = "${env:VARDE_MQTT_URL:-tcp://127.0.0.1:11883}", description = "MQTT server URI (default: ${DEFAULT-VALUE}).")
    String mqtt;

    @Option(names = "--mqtt-version", defaultValue = "5", description = "5 or 3.1.1 (default: ${DEFAULT-VALUE}).")
    String mqttVersion;

    @Option(names = "--ca", description = "PEM certificate(s) to trust for ssl://.")
    Path ca;

    @Option(names = "--fleet", defaultValue = "${env:VARDE_FLEET_FILE:-varde-data/demo-fleet.csv}", description = "Credentials CSV (default: ${DEFAULT-VALUE}).")
    Path fleetFile;

    @Override
    public Integer call() throws Exception {
        Metric m = MetricCatalogue.standard().find(metric).orElse(null);
        if (m == null) {
            System.err.println("Unknown metric '" + metric + "'");
            return 2;
        }
        Fleet all = Fleet.read(fleetFile);
        SimulatedDevice d = all.device(device);
        if (d == null) {
            System.err.println(device + " is not in " + fleetFile);
            return 2;
        }
        TimestampMode mode = TimestampMode.fromFlag(timestamps);
        CsvReplay replay = new CsvReplay(CsvSeries.read(input), device, m, speed, mode);
        Instant first = replay.shiftedFirst(Instant.now());
        System.out.printf(Locale.ROOT, "Replaying %d rows of %s as %s %s at speed %s: %s of wall time%n", replay.size(), input, device, metric,
                speed, replay.wallDuration().withNanos(0));
        if (replay.implausibleRows() > 0) {
            System.out.printf(Locale.ROOT, "Warning: %d rows lie outside %s's plausible range [%s, %s]; ingest will reject them.%n",
                    replay.implausibleRows(), metric, m.min(), m.max());
        }
        if (mode == TimestampMode.SHIFTED && Duration.between(first, Instant.now()).toDays() >= 7) {
            System.out.println("Warning: shifted to start " + first + ", older than ingest's 7-day window; use a higher --speed or --timestamps wall.");
        }
        Fleet one = all.restrictTo(java.util.Set.of(device));
        LinkSettings link = LinkSettings.defaults(mqtt).withVersion(MqttVersion.fromFlag(mqttVersion))
                .withTls(ca == null ? null : TrustedCertificates.socketFactory(ca)).withBuffer(10_000, 32);
        ProgressBar bar = new ProgressBar(System.out);
        try (FleetLinks links = new FleetLinks(one, link)) {
            links.start();
            replay.run(links, n -> bar.update(n / (double) replay.size(), String.format(Locale.ROOT, "%d of %d rows sent, %d acked, %d rejected",
                    n, replay.size(), links.stats().acknowledged(), links.stats().rejected())));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (links.backlog() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            bar.done();
            System.out.println(links.stats().summary());
            return links.backlog() == 0 && links.stats().droppedBufferFull() == 0 ? 0 : 1;
        }
    }
}
