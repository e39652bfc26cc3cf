package no.varde.platform;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import no.varde.simulator.scenario.DurationText;
import no.varde.streamjobs.StateBackendChoice;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code varde run}: the whole platform in this process, with simulated sensors. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the whole platform in one process on embedded defaults, with a simulated demo fleet.")
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"--data-dir", "--work-dir"},
            description = "Directory the platform keeps its data in: database, Kafka log, checkpoints, tokens, TLS pair "
                    + "(default: env VARDE_DATA_DIR, else ./varde-data; with --ephemeral, .varde/run).")
    Path dataDir;

    @Option(names = "--ephemeral", description = "Throw-away run: start from an empty data directory and remove it at stop.")
    boolean ephemeral;

    @Option(names = "--db-url", defaultValue = "${env:VARDE_DB_URL}",
            description = "JDBC URL of PostgreSQL/TimescaleDB (env VARDE_DB_URL); embedded PostgreSQL when absent.")
    String dbUrl;

    @Option(names = "--db-user", defaultValue = "${env:VARDE_DB_USER}", description = "Database user (env VARDE_DB_USER).")
    String dbUser;

    @Option(names = "--kafka", defaultValue = "${env:VARDE_KAFKA_BOOTSTRAP}",
            description = "Kafka bootstrap servers (env VARDE_KAFKA_BOOTSTRAP); in-process broker when absent.")
    String kafka;

    @Option(names = "--mqtt-host", defaultValue = "${env:VARDE_MQTT_HOST:-127.0.0.1}", description = "MQTT listen address (default: ${DEFAULT-VALUE}).")
    String mqttHost;

    @Option(names = "--mqtt-port", defaultValue = "${env:VARDE_MQTT_PORT:-11883}",
            description = "MQTT port (default: ${DEFAULT-VALUE}, not 1883, so a local broker on 1883 is no obstacle).")
    int mqttPort;

    @Option(names = "--mqtt-tls-port", defaultValue = "${env:VARDE_MQTT_TLS_PORT:-18883}",
            description = "MQTT over TLS port, with a self-signed development certificate unless --tls-cert/--tls-key are given; 0 for none (default: ${DEFAULT-VALUE}).")
    int mqttTlsPort;

    @Mixin
    TlsOptions tls;

    @Option(names = "--device-rate", defaultValue = "${env:VARDE_DEVICE_RATE:-20}",
            description = "Messages per second each device may send on average; 0 switches the limit off, e.g. for load tests (default: ${DEFAULT-VALUE}).")
    double deviceRate;

    @Option(names = "--http-host", defaultValue = "${env:VARDE_HTTP_HOST:-127.0.0.1}", description = "HTTP listen address (default: ${DEFAULT-VALUE}).")
    String httpHost;

    @Option(names = "--http-port", defaultValue = "${env:VARDE_HTTP_PORT:-8080}", description = "HTTP port (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--scenario", description = "Scenario file (YAML) of the simulated town; the built-in town of about 50,000 residents when absent.")
    Path scenario;

    @Option(names = "--devices", defaultValue = "-1",
            description = "Simulated devices: the scenario's fleets scaled to this many; 0 for none; -1 keeps the scenario's (default).")
    int devices;

    @Option(names = "--gateways", defaultValue = "0", description = "Carry the simulated devices over this many gateway connections; 0 connects each device itself (default).")
    int gateways;

    @Option(names = "--no-incidents", description = "Do not inject the scenario's incidents.")
    boolean noIncidents;

    @Option(names = "--seed", defaultValue = "42", description = "Simulation seed; the same seed gives the same town and incidents (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--load-devices", defaultValue = "0",
            description = "Also register this many devices for 'varde load' / 'varde soak' (not simulated); credentials in <data-dir>/load-fleet.csv.")
    int loadDevices;

    @Option(names = "--load-gateways", defaultValue = "0",
            description = "Put the load devices behind this many gateways (for 'varde bench': fewer connections, more of the machine for the platform).")
    int loadGateways;

    @Option(names = "--load-token-iterations", defaultValue = "10000",
            description = "PBKDF2 rounds for the load devices' tokens; lower than the default only so thousands register in seconds (default: ${DEFAULT-VALUE}).")
    int loadTokenIterations;

    @Option(names = "--checkpoint-interval", defaultValue = "${env:VARDE_CHECKPOINT_INTERVAL:-10s}",
            description = "How often the stream job checkpoints its state and Kafka offsets (env VARDE_CHECKPOINT_INTERVAL). Longer costs "
                    + "less CPU under load (every checkpoint writes and copies all detector state) and replays more after a crash; "
                    + "nothing acknowledged is lost either way (default: ${DEFAULT-VALUE}).")
    String checkpointInterval;

    @Option(names = "--interval", description = "Every simulated device reports this often (e.g. 5s); the scenario's intervals when absent.")
    String interval;

    @Option(names = "--alerting-config", defaultValue = "${env:VARDE_ALERTING_CONFIG}",
            description = "alerting.yaml (rota, routes, channels; see alerting/alerting-example.yaml). Default: the demo's, "
                    + "which writes every notification to notifications.jsonl in the work directory (env VARDE_ALERTING_CONFIG).")
    Path alertingConfig;

    @Option(names = "--state-backend", defaultValue = "${env:VARDE_STATE_BACKEND:-hashmap}",
            description = "Where the stream job keeps its state: hashmap (the heap; default) or rocksdb (off the heap, incremental "
                    + "checkpoints; for large fleets). A data directory keeps the backend that wrote its checkpoints (env VARDE_STATE_BACKEND).")
    String stateBackend;

    @Option(names = "--rocksdb-memory", defaultValue = "${env:VARDE_ROCKSDB_MEMORY}",
            description = "Memory of RocksDB's own, off the heap, with --state-backend rocksdb, e.g. 256m or 1g (default: 512m; env VARDE_ROCKSDB_MEMORY).")
    String rocksDbMemory;

    @Option(names = "--status-every", defaultValue = "10", description = "Seconds between status lines (default: ${DEFAULT-VALUE}).")
    int statusSeconds;

    /**
     * The environment with the state backend options laid over it, checked here so that a wrong value
     * is a usage error before anything starts.
     */
    Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>(System.getenv());
        settings.put("VARDE_STATE_BACKEND", stateBackend);
        if (rocksDbMemory != null) {
            settings.put("VARDE_ROCKSDB_MEMORY", rocksDbMemory);
        }
        try {
            StateBackendChoice.fromSettings(settings);
            StateBackendChoice.rocksDbMemory(settings);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        return settings;
    }

    @Override
    public Integer call() throws Exception {
        Map<String, String> settings = settings();
        PlatformOptions options = new PlatformOptions(dataDirectory().toAbsolutePath(), dbUrl, dbUser, System.getenv("VARDE_DB_PASSWORD"),
                kafka, mqttHost, mqttPort, httpHost, httpPort,
                devices == 0 ? null : new DemoSimulation(scenario, devices, interval == null ? null : DurationText.parse(interval), gateways,
                        !noIncidents, seed),
                DurationText.parse(checkpointInterval), System.getenv("VARDE_ADMIN_TOKEN"),
                tls.settings(mqttTlsPort, true), deviceRate,
                blankToNull(System.getenv("VARDE_INTEGRATION_TOKEN")), loadDevices, loadGateways, loadTokenIterations, alertingConfig, ephemeral);
        CountDownLatch stopped = new CountDownLatch(1);
        Platform platform = Platform.start(options, settings);
        ScheduledExecutorService status = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "varde-status");
            t.setDaemon(true);
            return t;
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            status.shutdownNow();
            System.out.println("Stopping Varde ...");
            platform.close();
            stopped.countDown();
            // log4j's own shutdown hook is off (log4j2.component.properties) so the parts can log while stopping.
            LogManager.shutdown();
        }, "varde-shutdown"));

        System.out.println();
        System.out.println("Varde is running. Press Ctrl-C to stop.");
        platform.listeners().forEach((part, where) -> System.out.printf("  %-10s %s%n", part, where));
        System.out.println();
        status.scheduleAtFixedRate(() -> System.out.println(java.time.LocalTime.now().withNano(0) + "  "
                + platform.health().statusLine()), statusSeconds, statusSeconds, TimeUnit.SECONDS);
        stopped.await();
        return 0;
    }

    /** The given directory; otherwise a throw-away run's own, so it can never erase the durable one; otherwise VARDE_DATA_DIR or ./varde-data. */
    private Path dataDirectory() {
        if (dataDir != null) {
            return dataDir;
        }
        if (ephemeral) {
            String home = blankToNull(System.getenv("VARDE_HOME"));
            return Path.of(home == null ? ".varde" : home, "run");
        }
        String configured = blankToNull(System.getenv("VARDE_DATA_DIR"));
        return Path.of(configured == null ? "varde-data" : configured);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
