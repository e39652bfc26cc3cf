package no.varde.platform;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The one directory the platform owns: embedded PostgreSQL's cluster, the Kafka log, Flink's
 * checkpoints, the admin token, the alerting secret, the development TLS pair and the demo
 * fleet's credentials. Durable by default: kept as it is at start and at stop, so a restart on
 * the same directory continues where the last run stopped. Ephemeral on request: emptied at
 * start and removed at stop (tests, throw-away demos). The {@code tmp} child is never emptied at
 * start because the JVM may already use it as java.io.tmpdir.
 */
final class DataDirectory {
    static final String TMP = "tmp";
    /** Marks a directory as a durable data directory: an ephemeral run refuses to empty it. */
    static final String MARKER = "varde-data-directory";
    static final String LOCK = "varde.lock";

    private DataDirectory() {
    }

    /**
     * Locks {@code dir} for this process: a second platform on the same directory would run a
     * second database on the first one's files. The lock is the operating system's, held through
     * an open file, so a process that dies (kill -9, power loss) holds it no longer and the next
     * start is not blocked by the file it left; the file only tells who held it last.
     */
    static AutoCloseable lock(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path lockFile = dir.resolve(LOCK);
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            String holder = Files.readString(lockFile, StandardCharsets.UTF_8).strip();
            throw new IllegalStateException("another Varde is running with the data directory " + dir
                    + (holder.isEmpty() ? "" : " (pid " + holder + ")") + "; stop it first or give this one another --data-dir");
        }
        channel.truncate(0);
        channel.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)));
        FileLock held = lock;
        return () -> {
            held.release();
            channel.close();
        };
    }

    /** Opens {@code dir} for a durable run: created when new, kept as it is otherwise. */
    static Path openDurable(Path dir) throws IOException {
        Files.createDirectories(dir.resolve(TMP));
        Path marker = dir.resolve(MARKER);
        if (!Files.exists(marker)) {
            Files.writeString(marker, "Varde keeps its data here; back it up with 'bin/varde backup'.\n", StandardCharsets.UTF_8);
        }
        return dir;
    }

    /** Empties {@code dir} for a throw-away run; refuses a durable data directory, whose data it would destroy. */
    static Path prepareEphemeral(Path dir) throws IOException {
        if (Files.exists(dir.resolve(MARKER))) {
            throw new IllegalStateException(dir + " is a durable Varde data directory; an --ephemeral run would erase it. "
                    + "Give the ephemeral run another directory.");
        }
        Files.createDirectories(dir);
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : children.toList()) {
                String name = child.getFileName().toString();
                if (!name.equals(TMP) && !name.equals(LOCK)) {
                    deleteRecursively(child);
                }
            }
        }
        Files.createDirectories(dir.resolve(TMP));
        return dir;
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
