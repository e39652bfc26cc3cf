package no.varde.platform;

import java.io.IOException;
import java.nio.file.Files;
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
