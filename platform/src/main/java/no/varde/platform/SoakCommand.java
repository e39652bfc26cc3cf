package no.varde.platform;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import no.varde.simulator.Fleet;
import no.varde.simulator.SimulatedDevice;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code varde soak}: opens one MQTT connection per device of a fleet file and holds them all
 * (keep-alive only), to see how many concurrent device connections one ingest instance holds and
 * at what memory cost. Uses Vert.x's MQTT client: thousands of connections on two event loops.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = "Hold one MQTT connection per device of a fleet file and report how many are connected.")
final class SoakCommand implements Callable<Integer> {
    @Option(names = "--host", defaultValue = "127.0.0.1") String host;
    @Option(names = "--port", defaultValue = "11883") int port;
    @Option(names = "--fleet", defaultValue = "${env:VARDE_DATA_DIR:-varde-data}/load-fleet.csv") Path fleet;
    @Option(names = "--connections", defaultValue = "10000", description = "At most this many (default: ${DEFAULT-VALUE}).") int connections;
    @Option(names = "--hold", defaultValue = "60", description = "Seconds to hold them after the last one connected (default: ${DEFAULT-VALUE}).") int hold;
    @Option(names = "--parallel", defaultValue = "100", description = "CONNECTs in flight at once (default: ${DEFAULT-VALUE}).") int parallel;

    @Override
    public Integer call() throws Exception {
        List<SimulatedDevice> devices = Fleet.read(fleet).devices();
        int n = Math.min(connections, devices.size());
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        List<MqttClient> clients = new ArrayList<>(n);
        AtomicInteger connected = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Semaphore inFlight = new Semaphore(parallel);
        long start = System.nanoTime();
        try {
            for (int i = 0; i < n; i++) {
                SimulatedDevice d = devices.get(i);
                MqttClient client = MqttClient.create(vertx, new MqttClientOptions().setClientId("soak-" + d.id())
                        .setUsername(d.id()).setPassword(d.token()).setKeepAliveInterval(60).setAutoKeepAlive(true));
                clients.add(client);
                inFlight.acquire();
                client.connect(port, host).onComplete(ar -> {
                    inFlight.release();
                    if (ar.succeeded() && ar.result().code() == MqttConnectReturnCode.CONNECTION_ACCEPTED) {
                        connected.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                });
                if ((i + 1) % 1000 == 0) {
                    System.out.printf("  %d of %d CONNECTs sent, %d connected, %d failed%n", i + 1, n, connected.get(), failed.get());
                }
            }
            inFlight.acquire(parallel);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%d of %d devices connected in %.1f s (%d failed); holding for %d s%n", connected.get(), n, seconds,
                    failed.get(), hold);
            for (int s = 0; s < hold; s += 10) {
                TimeUnit.SECONDS.sleep(Math.min(10, hold - s));
                long still = clients.stream().filter(MqttClient::isConnected).count();
                System.out.printf("  %d s: %d still connected%n", s + Math.min(10, hold - s), still);
            }
            return failed.get() == 0 ? 0 : 1;
        } finally {
            Future.all(clients.stream().filter(MqttClient::isConnected).map(MqttClient::disconnect).toList())
                    .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            vertx.close().await();
        }
    }
}
