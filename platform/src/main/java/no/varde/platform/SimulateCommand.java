package no.varde.platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import no.varde.simulator.CitySimulator;
import no.varde.simulator.Fleet;
import no.varde.simulator.ProgressBar;
import no.varde.simulator.Simulation;
import no.varde.simulator.SimClock;
import no.varde.simulator.city.Town;
import no.varde.simulator.link.LinkSettings;
import no.varde.simulator.link.LinkStats;
import no.varde.simulator.link.MqttVersion;
import no.varde.simulator.link.TrustedCertificates;
import no.varde.simulator.scenario.DurationText;
import no.varde.simulator.scenario.Scenario;
import no.varde.simulator.scenario.ScenarioLoader;
import no.varde.storage.TokenHasher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code varde simulate}: play a scenario's town against a running Varde, in real or accelerated time. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Play a simulated town (scenario) over MQTT against a running Varde: realistic water, air and traffic "
                + "sensors, injected incidents written to a ground-truth file, in real or accelerated time.")
final class SimulateCommand implements Callable<Integer> {
    @Option(names = "--mqtt", defaultValue = "${env:VARDE_MQTT_URL:-tcp://127.0.0.1:11883}", description = "MQTT server URI; ssl://... for TLS (default: ${DEFAULT-VALUE}).")
    String mqtt;

    @Option(names = "--mqtt-version", defaultValue = "5", description = "MQTT protocol: 5 or 3.1.1 (default: ${DEFAULT-VALUE}).")
    String mqttVersion;

    @Option(names = "--ca", description = "PEM certificate(s) to trust for ssl:// (e.g. the development certificate 'varde run' prints).")
    Path ca;

    @Option(names = "--scenario", description = "Scenario file (YAML); the built-in town of about 50,000 residents when absent.")
    Path scenario;

    @Option(names = "--devices", defaultValue = "0", description = "Scale the scenario's fleets to this many devices; 0 keeps the scenario's.")
    int devices;

    @Option(names = "--gateways", defaultValue = "0",
            description = "With --register: carry the devices over this many gateway connections (how 10,000 devices fit one process).")
    int gateways;

    @Option(names = "--interval", description = "Every device reports this often (e.g. 10s); the scenario's intervals when absent.")
    String interval;

    @Option(names = "--speed", defaultValue = "1", description = "Simulated seconds per wall-clock second; above 1 needs --duration (default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--duration", description = "Simulated time to play (e.g. 6h, 2d); until Ctrl-C when absent. With --speed above 1 the run ends at the present.")
    String duration;

    @Option(names = "--start", description = "Simulated start (ISO-8601, e.g. 2026-11-20T00:00:00Z); by default now, or so an accelerated run ends now.")
    Instant start;

    @Option(names = "--seed", defaultValue = "42", description = "The same seed gives the same town, values and incidents (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--no-incidents", description = "Do not inject the scenario's incidents.")
    boolean noIncidents;

    @Option(names = "--ground-truth", defaultValue = "ground-truth.jsonl", description = "Where to write the incidents that happen (default: ${DEFAULT-VALUE}).")
    Path groundTruth;

    @Option(names = "--fleet", defaultValue = "${env:VARDE_FLEET_FILE:-varde-data/demo-fleet.csv}",
            description = "Credentials CSV (id,kind,zone,token,gateway): read, or written by --register (default: ${DEFAULT-VALUE}).")
    Path fleetFile;

    @Option(names = "--register", description = "Register the town's devices (and gateways) through the admin API first and write their credentials to --fleet.")
    boolean register;

    @Option(names = "--admin-url", defaultValue = "${env:VARDE_ADMIN_URL:-http://127.0.0.1:8080}", description = "Admin API base URL (default: ${DEFAULT-VALUE}).")
    String adminUrl;

    @Option(names = "--admin-token-file", defaultValue = "${env:VARDE_DATA_DIR:-varde-data}/admin-token",
            description = "File holding the admin token (or set VARDE_ADMIN_TOKEN) (default: ${DEFAULT-VALUE}).")
    Path adminTokenFile;

    @Option(names = "--buffer", defaultValue = "1000", description = "Messages a connection keeps while it cannot send (store and forward) (default: ${DEFAULT-VALUE}).")
    int buffer;

    @Override
    public Integer call() throws Exception {
        Duration span = duration == null ? null : DurationText.parse(duration);
        if (speed > 1 && span == null && start == null) {
            System.err.println("--speed above 1 needs --duration (or --start): simulated time would run into the future, and ingest refuses readings from the future.");
            return 2;
        }
        // The town does not depend on the start; registering can take minutes, so the clock starts after it.
        Scenario plan = ScenarioLoader.loadOrDefault(scenario);
        Duration every = interval == null ? null : DurationText.parse(interval);
        Town town = Simulation.town(plan, devices, every);
        Fleet fleet = register ? registerFleet(town) : Fleet.read(fleetFile);
        Instant now = Instant.now();
        Instant from = start != null ? start
                : speed > 1 ? SimClock.startForAcceleratedRun(now, Duration.ofMillis((long) (span.toMillis() / speed)), speed) : now;
        if (Duration.between(from, now).compareTo(Duration.ofDays(7)) > 0) {
            System.err.println("Warning: the run starts more than 7 days ago; ingest refuses readings older than 7 days by default.");
        }
        Simulation simulation = new Simulation(plan, devices, every, seed, speed, from, span == null ? null : from.plus(span), !noIncidents, noIncidents ? null : groundTruth);
        LinkSettings link = LinkSettings.defaults(mqtt).withVersion(MqttVersion.fromFlag(mqttVersion)).withBuffer(buffer, 32)
                .withTls(ca == null ? null : TrustedCertificates.socketFactory(ca));
        System.out.printf(Locale.ROOT, "Simulating '%s': %d devices over %d connections, %.1f msg/s at speed %s, from %s%s%n",
                town.scenario().name(), town.devices().size(), fleet.gateways().size() + (int) fleet.devices().stream()
                        .filter(d -> d.gateway() == null).count(), town.messagesPerSecond() * speed, speed, from,
                noIncidents ? "" : "; incidents in " + groundTruth);
        ProgressBar bar = new ProgressBar(System.out);
        try (CitySimulator simulator = simulation.start(town, fleet, link)) {
            Runtime.getRuntime().addShutdownHook(new Thread(simulator::close, "varde-simulate-stop"));
            while (!simulator.awaitEnd(Duration.ofSeconds(5))) {
                bar.update(span == null ? -1 : Duration.between(from, simulator.simulatedNow()).toMillis() / (double) span.toMillis(),
                        status(simulator));
            }
            // Let the last messages be acknowledged (bounded wait).
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (simulator.links().backlog() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            bar.update(1, status(simulator));
            bar.done();
            LinkStats stats = simulator.links().stats();
            System.out.println(stats.summary());
            System.out.printf("%d incidents injected (ground truth: %s); %d reports not sent by devices in dropout%n",
                    simulator.incidentsSoFar().size(), noIncidents ? "none" : groundTruth, simulator.silentTicks());
            return stats.droppedBufferFull() == 0 && simulator.links().backlog() == 0 ? 0 : 1;
        }
    }

    private String status(CitySimulator simulator) {
        LinkStats s = simulator.links().stats();
        return String.format(Locale.ROOT, "sim %s | %d msgs, %d acked, %d rejected, %d buffered, %d dropped | %d/%d connected | %d incidents",
                simulator.simulatedNow().toString().substring(0, 16), s.offered(), s.acknowledged(), s.rejected(), simulator.links().backlog(),
                s.droppedBufferFull(), simulator.links().connectedCount(), simulator.links().connectionCount(), simulator.incidentsSoFar().size());
    }

    private Fleet registerFleet(Town town) throws Exception {
        String token = System.getenv("VARDE_ADMIN_TOKEN");
        if (token == null || token.isBlank()) {
            token = AdminToken.read(adminTokenFile);
        }
        Fleet plan = Fleet.forTown(town, gateways, "sim-gw", () -> "pending");
        System.out.printf("Registering %d devices and %d gateways at %s ...%n", plan.devices().size(), plan.gateways().size(), adminUrl);
        Fleet fleet = new FleetRegistration(new AdminApiClient(adminUrl, token)).register(plan,
                n -> System.out.printf("  %d of %d registered%n", n, plan.devices().size()));
        if (fleetFile.getParent() != null) {
            Files.createDirectories(fleetFile.getParent());
        }
        fleet.write(fleetFile);
        System.out.println("Credentials written to " + fleetFile + " (readable only by you)");
        return fleet;
    }
}
