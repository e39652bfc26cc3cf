package no.varde.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BooleanSupplier;
import no.varde.ingest.IngestConfig;
import no.varde.ingest.IngestTestBed;
import no.varde.model.DeviceKind;
import no.varde.model.MetricCatalogue;
import no.varde.model.Reading;
import no.varde.model.codec.ReadingBinary;
import no.varde.simulator.city.Town;
import no.varde.simulator.link.LinkSettings;
import no.varde.simulator.link.LinkStats;
import no.varde.simulator.link.MqttVersion;
import no.varde.simulator.scenario.Scenario;
import no.varde.simulator.scenario.ScenarioLoader;
import no.varde.storage.Device;
import no.varde.storage.TokenHasher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator against a real ingest service (real Kafka and PostgreSQL underneath) with real
 * Paho clients: gateways and direct devices, MQTT 3.1.1 and 5, TLS, bad-data incidents ending as dead
 * letters, store-and-forward across an ingest restart, and replay of a recorded series.
 */
class SimulatorIngestTest {
    private static final TokenHasher HASHER = new TokenHasher(10_000);
    private static IngestTestBed bed;

    @BeforeAll
    static void start() throws Exception {
        bed = IngestTestBed.start(IngestConfig.defaults("127.0.0.1", 0).withRateLimit(0, 0).withTls(no.varde.ingest.TlsSettings.selfSigned(0)));
    }

    @AfterAll
    static void stop() throws Exception {
        bed.close();
    }

    /** Registers the fleet as the platform would: gateways and direct devices with tokens, gateway sensors without. */
    private static Fleet register(Town town, int gateways, String prefix) throws Exception {
        Fleet fleet = Fleet.forTown(town, gateways, prefix, TokenHasher::newToken);
        for (SimulatedGateway g : fleet.gateways()) {
            bed.devices.upsert(Device.of(g.id(), DeviceKind.GATEWAY, null), HASHER.hash(g.token()));
        }
        for (SimulatedDevice d : fleet.devices()) {
            Device device = Device.of(d.id(), DeviceKind.of(d.kind()), d.zone());
            bed.devices.upsert(d.gateway() == null ? device : device.withGateway(d.gateway()),
                    d.token() == null ? null : HASHER.hash(d.token()));
        }
        return fleet;
    }

    /** Distinct (device, metric, time) of this simulation's readings in Kafka (tests share devices and the topic). */
    private static Set<String> keysInKafka(Town town, Simulation simulation) {
        Set<String> ids = new HashSet<>();
        town.devices().forEach(d -> ids.add(d.id()));
        Set<String> keys = new HashSet<>();
        bed.readings.matching(r -> ids.contains(r.key())).forEach(r -> {
            Reading reading = ReadingBinary.decode(r.value());
            if (reading.eventTime().isBefore(simulation.start()) || !reading.eventTime().isBefore(simulation.end())) {
                return;
            }
            keys.add(reading.deviceId() + "|" + reading.metric() + "|" + reading.eventTime());
        });
        return keys;
    }

    private static void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(condition.getAsBoolean()).as("condition within " + timeout).isTrue();
    }

    private static Simulation simulation(Scenario scenario, int devices, Duration interval, double speed, Instant start, Duration span,
                                         Path truth) {
        return new Simulation(scenario, devices, interval, 7, speed, start, start.plus(span), truth != null, truth);
    }

    @Test
    void anAcceleratedTownReachesKafkaThroughTwoGatewaysOverMqtt5() throws Exception {
        Duration span = Duration.ofMinutes(10);
        double speed = 60;
        // Ten simulated minutes, half an hour ago, in ten seconds: apart from the other tests' windows for the same device ids.
        Instant start = Instant.now().minus(Duration.ofMinutes(30));
        Simulation simulation = simulation(ScenarioLoader.defaultScenario(), 12, null, speed, start, span, null);
        Town town = simulation.town();
        Fleet fleet = register(town, 2, "gw5");
        try (CitySimulator simulator = simulation.start(town, fleet, LinkSettings.defaults(bed.url()))) {
            assertThat(simulator.awaitEnd(Duration.ofSeconds(30))).isTrue();
            await(() -> simulator.links().backlog() == 0, Duration.ofSeconds(15));
            LinkStats stats = simulator.links().stats();
            assertThat(stats.offered()).isEqualTo(simulator.reports()).isBetween(100L, 125L);
            assertThat(stats.acknowledged()).isEqualTo(stats.offered());
            assertThat(stats.rejected()).isZero();
            assertThat(stats.droppedBufferFull()).isZero();
            assertThat(simulator.links().connectionCount()).isEqualTo(2);
            await(() -> keysInKafka(town, simulation).size() == simulator.readings(), Duration.ofSeconds(15));
        }
    }

    @Test
    void directDevicesSpeakMqtt311() throws Exception {
        Instant start = Instant.now().minusSeconds(4);
        Simulation simulation = simulation(ScenarioLoader.defaultScenario(), 4, Duration.ofMillis(500), 1, start, Duration.ofSeconds(7), null);
        Town town = simulation.town();
        Fleet fleet = register(town, 0, "unused");
        try (CitySimulator simulator = simulation.start(town, fleet, LinkSettings.defaults(bed.url()).withVersion(MqttVersion.V3_1_1))) {
            assertThat(simulator.awaitEnd(Duration.ofSeconds(30))).isTrue();
            await(() -> simulator.links().backlog() == 0, Duration.ofSeconds(15));
            LinkStats stats = simulator.links().stats();
            assertThat(simulator.links().connectionCount()).isEqualTo(4);
            assertThat(stats.acknowledged()).isEqualTo(stats.offered()).isGreaterThanOrEqualTo(4 * 13);
            await(() -> keysInKafka(town, simulation).size() == simulator.readings(), Duration.ofSeconds(15));
        }
    }

    @Test
    void badDataIncidentsAreRejectedAndDeadLetteredAndTheTruthSaysSo(@TempDir Path dir) throws Exception {
        Scenario scenario = new ScenarioLoader(MetricCatalogue.standard()).parse("""
                zones: [{name: Kai, population: 1000}]
                fleets: [{name: station, kind: air, per_zone: 2, interval: 1m}]
                incidents:
                  planned:
                    - {kind: bad_data, device: air-station-kai-01, at: 0m, duration: 3m, variant: out_of_range}
                    - {kind: bad_data, device: air-station-kai-02, at: 0m, duration: 3m, variant: malformed}
                """, "bad.yaml");
        Path truth = dir.resolve("truth.jsonl");
        double speed = 60;
        Instant start = SimClock.startForAcceleratedRun(Instant.now(), Duration.ofSeconds(5), speed);
        Simulation simulation = simulation(scenario, 0, null, speed, start, Duration.ofMinutes(5), truth);
        Town town = simulation.town();
        try (CitySimulator simulator = simulation.start(town, register(town, 0, "unused"), LinkSettings.defaults(bed.url()))) {
            assertThat(simulator.awaitEnd(Duration.ofSeconds(30))).isTrue();
            await(() -> simulator.links().backlog() == 0, Duration.ofSeconds(15));
            // Three malformed messages are refused outright (PUBACK 0x99); the out-of-range ones lose one record each.
            assertThat(simulator.links().stats().rejected()).isEqualTo(3);
            assertThat(bed.awaitDeadLetter("air-station-kai-01", no.varde.model.validation.RejectReason.OUT_OF_RANGE)).isPresent();
            assertThat(bed.awaitDeadLetter("air-station-kai-02", no.varde.model.validation.RejectReason.MALFORMED_PAYLOAD)).isPresent();
        }
        assertThat(java.nio.file.Files.readAllLines(truth)).hasSize(2).allMatch(l -> l.contains("\"kind\":\"bad_data\""));
    }

    @Test
    void devicesKeepTheirReadingsWhileIngestIsDownAndDeliverThemAfterwards() throws Exception {
        Instant start = Instant.now();
        Simulation simulation = simulation(ScenarioLoader.defaultScenario(), 4, Duration.ofMillis(250), 1, start, Duration.ofSeconds(9), null);
        Town town = simulation.town();
        Fleet fleet = register(town, 0, "unused");
        LinkSettings link = LinkSettings.defaults(bed.url()).withBackoff(Duration.ofMillis(200), Duration.ofSeconds(1));
        int port = bed.ingest.mqttPort();
        try (CitySimulator simulator = simulation.start(town, fleet, link)) {
            await(() -> simulator.links().stats().acknowledged() >= 20, Duration.ofSeconds(15));
            bed.stopIngest();
            await(() -> simulator.links().backlog() >= 20, Duration.ofSeconds(10));
            assertThat(simulator.links().connectedCount()).isZero();
            bed.restartIngest(port);
            assertThat(simulator.awaitEnd(Duration.ofSeconds(30))).isTrue();
            await(() -> simulator.links().backlog() == 0, Duration.ofSeconds(20));
            LinkStats stats = simulator.links().stats();
            assertThat(stats.connectionsLost()).isGreaterThanOrEqualTo(4);
            assertThat(stats.droppedBufferFull()).isZero();
            assertThat(stats.acknowledged()).isEqualTo(stats.offered()).isGreaterThanOrEqualTo(4 * 30);
            // Every reading of every message is in Kafka, those buffered during the outage included.
            await(() -> keysInKafka(town, simulation).size() == simulator.readings(), Duration.ofSeconds(15));
        }
    }

    @Test
    void aFullBufferDropsTheNewestMessagesAndCountsThem() throws Exception {
        Simulation simulation = simulation(ScenarioLoader.defaultScenario(), 1, Duration.ofMillis(100), 1, Instant.now(),
                Duration.ofSeconds(3), null);
        Town town = simulation.town();
        // Nobody listens on this port: the device never connects and keeps at most 5 messages.
        String nowhere = "tcp://127.0.0.1:" + no.varde.embedded.FreePorts.find();
        LinkSettings link = LinkSettings.defaults(nowhere).withBuffer(5, 4).withBackoff(Duration.ofMillis(100), Duration.ofMillis(500));
        try (CitySimulator simulator = simulation.start(town, register(town, 0, "unused"), link)) {
            assertThat(simulator.awaitEnd(Duration.ofSeconds(20))).isTrue();
            LinkStats stats = simulator.links().stats();
            assertThat(stats.offered()).isBetween(25L, 31L);
            assertThat(simulator.links().backlog()).isEqualTo(5);
            assertThat(stats.droppedBufferFull()).isEqualTo(stats.offered() - 5);
            assertThat(stats.connectFailures()).isPositive();
        }
    }

    @Test
    void aRecordedSeriesIsReplayedWithItsSpacingEndingNow(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("series.csv");
        StringBuilder text = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < 40; i++) {
            text.append(String.format(java.util.Locale.ROOT, "2014-04-01 %02d:%02d:00,%d.5%n", i * 5 / 60, i * 5 % 60, 20 + i));
        }
        java.nio.file.Files.writeString(csv, text);
        Town town = Town.of(new ScenarioLoader(MetricCatalogue.standard()).parse(
                "zones: [{name: Lab}]\nfleets: [{name: probe, kind: air}]", "lab.yaml"), MetricCatalogue.standard());
        Fleet fleet = register(town, 0, "unused");
        String device = town.devices().get(0).id();
        // 40 rows five minutes apart (3 h 15 min) at 3,600 times the pace: about 3.3 s.
        no.varde.simulator.replay.CsvReplay replay = new no.varde.simulator.replay.CsvReplay(
                no.varde.simulator.replay.CsvSeries.read(csv), device, MetricCatalogue.standard().find("air.temperature").orElseThrow(),
                3600, no.varde.simulator.replay.TimestampMode.SHIFTED);
        Instant before = Instant.now();
        try (no.varde.simulator.link.FleetLinks links = new no.varde.simulator.link.FleetLinks(fleet, LinkSettings.defaults(bed.url()))) {
            links.start();
            replay.run(links, n -> { });
            await(() -> links.backlog() == 0, Duration.ofSeconds(15));
            assertThat(links.stats().acknowledged()).isEqualTo(40);
        }
        Instant after = Instant.now();
        await(() -> bed.readings.matching(r -> device.equals(r.key())).size() >= 40, Duration.ofSeconds(15));
        java.util.List<Reading> replayed = bed.readings.matching(r -> device.equals(r.key())).stream()
                .map(r -> ReadingBinary.decode(r.value())).sorted(java.util.Comparator.comparing(Reading::eventTime)).toList();
        assertThat(replayed).hasSize(40);
        assertThat(replayed.get(0).value()).isEqualTo(20.5);
        assertThat(replayed.get(39).value()).isEqualTo(59.5);
        for (int i = 1; i < 40; i++) {
            assertThat(Duration.between(replayed.get(i - 1).eventTime(), replayed.get(i).eventTime())).isEqualTo(Duration.ofMinutes(5));
        }
        // The last row lands on the present: after the replay began, never after it ended.
        assertThat(replayed.get(39).eventTime()).isBetween(before, after);
    }

    @Test
    void devicesConnectOverTlsTrustingTheServersCertificate() throws Exception {
        Instant start = Instant.now();
        Simulation simulation = simulation(ScenarioLoader.defaultScenario(), 2, Duration.ofMillis(500), 1, start, Duration.ofSeconds(3), null);
        Town town = simulation.town();
        LinkSettings tls = LinkSettings.defaults("ssl://127.0.0.1:" + bed.ingest.mqttTlsPort())
                .withTls(no.varde.simulator.link.TrustedCertificates.socketFactory(Path.of(bed.ingest.selfSignedCertificatePath())));
        try (CitySimulator simulator = simulation.start(town, register(town, 0, "unused"), tls)) {
            assertThat(simulator.awaitEnd(Duration.ofSeconds(20))).isTrue();
            await(() -> simulator.links().backlog() == 0, Duration.ofSeconds(15));
            assertThat(simulator.links().stats().acknowledged()).isEqualTo(simulator.links().stats().offered()).isGreaterThanOrEqualTo(10);
        }
    }
}
