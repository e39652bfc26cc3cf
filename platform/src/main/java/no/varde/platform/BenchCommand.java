package no.varde.platform;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import no.varde.platform.alertbench.EndToEndProbes;
import no.varde.platform.alertbench.ProbeSummary;
import no.varde.simulator.Fleet;
import no.varde.simulator.ProgressBar;
import no.varde.simulator.bench.BenchChart;
import no.varde.simulator.bench.BenchClient;
import no.varde.simulator.bench.BenchReferences;
import no.varde.simulator.bench.BenchReport;
import no.varde.simulator.bench.BenchRunner;
import no.varde.simulator.bench.BenchSettings;
import no.varde.simulator.bench.BrokerReference;
import no.varde.simulator.bench.CopyReference;
import no.varde.simulator.scenario.DurationText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code varde bench}: drive a target rate at a running Varde for a duration and report what was
 * offered, acknowledged and stored, with latencies, as text, JSON and a PNG chart.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Drive a target message rate at a running Varde (start it with 'varde run --devices 0 --device-rate 0 "
                + "--load-devices 10000 --load-gateways 50') and report offered/achieved msg/s, PUBACK and publish-to-stored "
                + "latency, rejected and lost counts (with --references, also Mosquitto's rate under the same generator and psql \\copy "
                + "of the stored rows, as ratios); writes JSON and a PNG chart. Exit code 0 when the rate was sustained "
                + "with no loss and bounded lag, 3 when not.")
final class BenchCommand implements Callable<Integer> {
    /** Before the paced reference: the generator is warm from the one before it, the broker needs none. */
    private static final Duration REFERENCE_AT_RATE_WARMUP = Duration.ofSeconds(5);

    @Option(names = "--rate", defaultValue = "5000", description = "Target msg/s (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--duration", defaultValue = "60s", description = "Measured time, e.g. 5m (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--warmup", defaultValue = "10s", description = "Sent before measuring (default: ${DEFAULT-VALUE}). On a small machine the JVM "
            + "compiles for minutes after a start (2 cores: the JIT took 20 %% of the CPU at 2 minutes, 2 %% at 6); "
            + "steady-state figures need about 4m.")
    String warmup;

    @Option(names = "--mqtt", defaultValue = "${env:VARDE_MQTT_URL:-tcp://127.0.0.1:11883}", description = "MQTT server URI (default: ${DEFAULT-VALUE}).")
    String mqtt;

    @Option(names = "--fleet",
            description = "Credentials of the load fleet 'varde run --load-devices N [--load-gateways G]' wrote (default: load-fleet.csv in --data-dir).")
    Path fleetFile;

    @Option(names = "--connections", defaultValue = "16", description = "Without gateways: publish over this many of the fleet's devices (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--window", defaultValue = "64", description = "QoS 1 messages awaiting PUBACK per connection (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--client", defaultValue = "vertx", converter = BenchClientConverter.class,
            description = "MQTT client library that publishes, for the bench and its broker reference: vertx (two event loops, "
                    + "the cheaper per message) or paho (three threads per connection; the generator of figures before 2026-12-05) "
                    + "(default: ${DEFAULT-VALUE}).")
    BenchClient client;

    @Option(names = "--db-url", description = "JDBC URL to read stored readings from; by default the one 'varde run' wrote to <work-dir>/database-url.")
    String dbUrl;

    @Option(names = "--db-user", defaultValue = "${env:VARDE_DB_USER}", description = "Database user (env VARDE_DB_USER).")
    String dbUser;

    @Option(names = {"--data-dir", "--work-dir"}, defaultValue = "${env:VARDE_DATA_DIR:-varde-data}",
            description = "The running platform's data directory, where its load fleet, database URL and admin token are (default: ${DEFAULT-VALUE}).")
    Path workDir;

    @Option(names = "--drain", defaultValue = "60s", description = "After sending, wait up to this long without progress for the rest to be stored (default: ${DEFAULT-VALUE}).")
    String drain;

    @Option(names = "--probes", defaultValue = "0",
            description = "Also measure publish -> alert: this many probe devices (registered through the admin API, each in a zone "
                    + "of its own) publish a pressure below the 2-bar limit, their starts spread over the measured time; use "
                    + "--duration 5m or more (default: ${DEFAULT-VALUE}, off).")
    int probes;

    @Option(names = "--references",
            description = "Also measure, in this run, the references that make the result a ratio: before the bench, the same generator "
                    + "as fast as acknowledged against a plain MQTT broker (--reference-broker), then paced at --rate against it "
                    + "(its PUBACK latency is the floor for Varde's); after it, psql \\copy of the rows the bench stored into a table "
                    + "shaped like readings.")
    boolean references;

    @Option(names = "--reference-broker", defaultValue = "tcp://127.0.0.1:1883",
            description = "The reference broker, e.g. Mosquitto on this machine (default: ${DEFAULT-VALUE}).")
    String referenceBroker;

    @Option(names = "--reference-duration", defaultValue = "30s", description = "Measured time against the reference broker (default: ${DEFAULT-VALUE}).")
    String referenceDuration;

    @Option(names = "--reference-rows", defaultValue = "2000000", description = "At most this many stored rows for psql \\copy (default: ${DEFAULT-VALUE}).")
    long referenceRows;

    @Option(names = "--psql", defaultValue = "psql", description = "psql executable for the copy reference (default: ${DEFAULT-VALUE}).")
    String psql;

    @Mixin
    DevicesCommand.Connection admin;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--output", defaultValue = "bench-results", description = "Directory for the JSON report and PNG chart (default: ${DEFAULT-VALUE}).")
    Path output;

    @Override
    public Integer call() throws Exception {
        if (!spec.commandLine().getParseResult().hasMatchedOption("--admin-token-file")) {
            admin.tokenFile = workDir.resolve("admin-token");   // the platform's, like its fleet file and database URL
        }
        // Probes register devices through the admin API: a missing token fails here, not after the references.
        AdminApiClient probeAdmin = probes > 0 ? admin.client() : null;
        Fleet fleet = Fleet.read(fleetFile != null ? fleetFile : workDir.resolve("load-fleet.csv"));
        List<BenchSettings.Connection> list = BenchSettings.connections(fleet, connections);
        String url = dbUrl != null ? dbUrl : Files.readString(workDir.resolve("database-url"), StandardCharsets.UTF_8).strip();
        BenchSettings settings = new BenchSettings(mqtt, list, rate, DurationText.parse(duration), DurationText.parse(warmup), window,
                new BenchSettings.Database(url, dbUser, System.getenv("VARDE_DB_PASSWORD")), DurationText.parse(drain), client);
        System.out.printf("Bench: %.0f msg/s for %s (+%s warm-up) over %d connections for %d devices against %s%n", rate, duration, warmup,
                list.size(), list.stream().mapToInt(c -> c.devices().size()).sum(), mqtt);
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        ProgressBar progress = new ProgressBar(System.out);
        BenchReferences.Broker broker = null;
        BenchReferences.BrokerAtRate brokerAtRate = null;
        if (references) {
            System.out.printf("Reference: the same generator against %s, as fast as acknowledged%n", referenceBroker);
            broker = BrokerReference.measure(client, referenceBroker, list, window, DurationText.parse(warmup), DurationText.parse(referenceDuration),
                    progress);
            System.out.printf("Reference: the same generator against %s at %.0f msg/s%n", referenceBroker, rate);
            brokerAtRate = BrokerReference.measureAtRate(client, referenceBroker, list, window, rate, REFERENCE_AT_RATE_WARMUP,
                    DurationText.parse(referenceDuration), progress);
        }
        EndToEndProbes e2e = probes > 0 ? startProbes(probeAdmin, stamp, settings) : null;
        BenchReport report;
        try {
            Instant started = Instant.now();
            report = new BenchRunner(settings, progress).run();
            if (references) {
                System.out.printf("Reference: %s of the rows this run stored (at most %,d)%n", psql + " \\copy", referenceRows);
                List<String> devices = list.stream().flatMap(c -> c.devices().stream()).toList();
                report = report.withReferences(new BenchReferences(broker, brokerAtRate,
                        CopyReference.measure(settings.database(), psql, devices, started, Instant.now(), referenceRows)));
            }
            System.out.println(report.format());
            Files.createDirectories(output);
            if (e2e != null) {
                writeProbes(e2e, url, output.resolve("bench-" + Math.round(rate) + "-" + stamp + "-alerts.json"));
            }
        } finally {
            if (e2e != null) {
                e2e.close();
            }
        }
        Path json = output.resolve("bench-" + Math.round(rate) + "-" + stamp + ".json");
        Path png = output.resolve("bench-" + Math.round(rate) + "-" + stamp + ".png");
        report.writeJson(json);
        BenchChart.write(report, png);
        System.out.println("Report: " + json + "\nChart:  " + png);
        return report.sustained() ? 0 : 3;
    }

    /** Registers the probe devices (zone bench-probe-STAMP-N each) and schedules their readings from the warm-up's end. */
    private EndToEndProbes startProbes(AdminApiClient client, String stamp, BenchSettings settings) throws Exception {
        List<EndToEndProbes.Probe> list = new ArrayList<>();
        for (int i = 0; i < probes; i++) {
            String id = String.format(Locale.ROOT, "bench-probe-%s-%03d", stamp.toLowerCase(Locale.ROOT), i);
            JsonObject device = new JsonObject().put("id", id).put("kind", "water").put("zone", id);
            list.add(new EndToEndProbes.Probe(id, client.call("POST", "/api/v1/admin/devices", "application/json", device.encode())
                    .getString("token")));
        }
        EndToEndProbes e2e = new EndToEndProbes(mqtt, list);
        // The detectors learn a new device's zone within 10 s of its first reading; start after that and after the warm-up.
        Duration first = settings.warmup().compareTo(Duration.ofSeconds(15)) > 0 ? settings.warmup()
                : Duration.ofSeconds(15);
        Duration spacing = EndToEndProbes.spacing(settings.duration(), probes);
        e2e.start(first, spacing);
        System.out.printf("Probes: %d devices, one starting every %.1f s from %s; the last alert is due %s after the start%n", probes,
                spacing.toMillis() / 1000.0, first, EndToEndProbes.lastReadingAt(first, spacing, probes));
        int late = EndToEndProbes.completingAfter(settings.warmup().plus(settings.duration()), first, spacing, probes);
        if (late > 0) {
            System.out.printf("Warning: the last %d of %d probes complete their breach after the load stops: their alerts are not "
                    + "measured under load; use fewer probes or a longer --duration%n", late, probes);
        }
        return e2e;
    }

    private void writeProbes(EndToEndProbes e2e, String url, Path json) throws Exception {
        System.out.println("Waiting for the probes' alerts ...");
        List<EndToEndProbes.Sample> samples = e2e.collect(url, dbUser, System.getenv("VARDE_DB_PASSWORD"), e2e.patience(Duration.ofSeconds(60)));
        ProbeSummary summary = ProbeSummary.of(samples);
        System.out.print(summary.format());
        if (e2e.publishFailures() > 0) {
            System.out.println("  probe publishes that failed: " + e2e.publishFailures());
        }
        Files.writeString(json, summary.json(samples).encodePrettily(), StandardCharsets.UTF_8);
        System.out.println("Alert latency: " + json);
    }

}
