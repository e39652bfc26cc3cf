package no.varde.platform;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import no.varde.storage.DatabaseBackup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code varde restore DIR}: a new data directory from a backup. The database is created empty,
 * migrated to the backup's schema version, loaded, checked against the backup's row counts and
 * migrated to this build's version; the kept files come back beside it. {@code bin/varde run
 * --data-dir} on it then continues with the devices, tokens, readings and alerts of the backup
 * (with a new Kafka log and no checkpoint: the job starts from the stored state).
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Restore a backup made by 'varde backup' into a new data directory.")
final class RestoreCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "The backup directory.")
    Path backup;

    @Option(names = "--data-dir", defaultValue = "${env:VARDE_DATA_DIR:-varde-data}",
            description = "The new data directory; must not hold a database yet (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        var manifest = DatabaseBackup.manifest(backup);
        long started = System.nanoTime();
        Map<String, Long> rows;
        System.out.println("Restoring the backup of " + manifest.getProperty("created") + " (schema version "
                + manifest.getProperty("schema.version") + ") into " + dataDir);
        try (DataDirectoryDatabase db = DataDirectoryDatabase.create(dataDir.toAbsolutePath())) {
            rows = DatabaseBackup.restore(db.dataSource(), backup, System.out::println);
        } catch (IllegalStateException refused) {
            System.err.println("Not restored: " + refused.getMessage());
            return 2;
        }
        int files = DataDirectoryDatabase.copyKeptFiles(backup.resolve("files"), dataDir);
        System.out.printf(java.util.Locale.ROOT, "Restored %,d rows of %d tables and %d files in %.1f s. Start it with: bin/varde run --data-dir %s%n",
                rows.values().stream().mapToLong(Long::longValue).sum(), rows.size(), files,
                Duration.ofNanos(System.nanoTime() - started).toMillis() / 1000.0, dataDir);
        return 0;
    }
}
