package no.varde.platform;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The one directory the platform owns for its temporary files (Kafka log, embedded database,
 * Flink's job jars, the demo fleet's credentials). Emptied at start, removed at stop. The
 * {@code tmp} child is kept at start because the JVM may already use it as java.io.tmpdir.
 */
final class WorkDirectory {
    static final String TMP = "tmp";

    private WorkDirectory() {
    }

    /**
     * Locks {@code dir} for this process (a second platform on the same directory would delete the
     * first one's database and Kafka log) and empties it. The lock is released when {@code lock} closes.
     */
    static AutoCloseable lock(Path dir) throws IOException {
        Files.createDirectories(dir.getParent() == null ? dir : dir.getParent());
        Path lockFile = Path.of(dir + ".lock");
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("another Varde is running with the work directory " + dir
                    + "; stop it first or give this one another --work-dir / VARDE_HOME");
        }
        FileLock held = lock;
        return () -> {
            held.release();
            channel.close();
            Files.deleteIfExists(lockFile);
        };
    }

    static Path prepare(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : children.toList()) {
                if (!child.getFileName().toString().equals(TMP)) {
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
