package no.varde.platform;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import no.varde.embedded.EmbeddedKafkaBroker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code varde broker}: the in-process single-node Kafka broker on its own, for running the tiers
 * as separate processes on one machine (e.g. measuring {@code varde ingest} alone) without
 * installing Kafka. Not for production: one node, no replication.
 */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Run a single-node Kafka broker (KRaft) on 127.0.0.1, for development and measurements.")
final class BrokerCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "19092", description = "Client port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--dir", defaultValue = "${env:VARDE_HOME:-.varde}/broker", description = "Log directory (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.toAbsolutePath(), port);
        System.out.println("Kafka broker on " + broker.bootstrapServers() + " (log dir " + broker.logDir() + "). Ctrl-C stops it.");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "varde-broker-stop"));
        stopped.await();
        return 0;
    }
}
