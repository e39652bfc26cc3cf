package no.varde.platform;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import no.varde.embedded.FreePorts;

/**
 * The ports the embedded database and broker listened on, kept in the data directory so a restart
 * comes back on the same ones: the Kafka controller's address is part of its quorum, and tools
 * and dashboards pointed at the database keep working. A remembered port that someone else has
 * taken meanwhile is replaced by a free one.
 */
final class RememberedPorts {
    private final Path file;
    private final Properties ports = new Properties();

    RememberedPorts(Path file) throws IOException {
        this.file = file;
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                ports.load(in);
            }
        }
    }

    /** The port remembered for {@code name} when it is free now, otherwise a free one, remembered from now on. */
    synchronized int port(String name) throws IOException {
        String remembered = ports.getProperty(name);
        if (remembered != null && isFree(Integer.parseInt(remembered))) {
            return Integer.parseInt(remembered);
        }
        int port = FreePorts.find();
        ports.setProperty(name, Integer.toString(port));
        Path next = file.resolveSibling(file.getFileName() + ".new");
        try (Writer out = Files.newBufferedWriter(next, StandardCharsets.UTF_8)) {
            ports.store(out, "Ports of the embedded services; delete this file to pick new ones");
        }
        Files.move(next, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return port;
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            // As the servers themselves bind: a port in TIME_WAIT after a crash is free for them.
            s.setReuseAddress(true);
            s.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
