package no.varde.platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import no.varde.storage.DatabaseBackup;
import no.varde.storage.Databases;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code varde backup DIR}: a consistent copy of a one-node install, taken while it runs or while
 * it is stopped: the database as a logical dump (see {@link DatabaseBackup}) and the files a
 * restored install needs (admin token, alerting secret, development TLS pair, fleet credentials).
 * The directory is readable by its owner only: the alerting secret opens residents' addresses.
 * In-flight readings still in the Kafka log and the stream job's checkpoints are not part of it.
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = "Back up a Varde data directory (database, tokens, secrets) into DIR; works while the platform runs.")
final class BackupCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "New directory for the backup.")
    Path target;

    @Option(names = "--data-dir", defaultValue = "${env:VARDE_DATA_DIR:-varde-data}", description = "The data directory (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--db-url", defaultValue = "${env:VARDE_DB_URL}",
            description = "Back up this database instead of the data directory's embedded one (env VARDE_DB_URL).")
    String dbUrl;

    @Override
    public Integer call() throws Exception {
        if (Files.exists(target)) {
            try (var children = Files.list(target)) {
                if (children.findAny().isPresent()) {
                    System.err.println(target + " is not empty; give the backup a new directory");
                    return 2;
                }
            }
        }
        Files.createDirectories(target);
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
        long started = System.nanoTime();
        Map<String, Long> rows;
        if (dbUrl != null && !dbUrl.isBlank()) {
            DataSource db = Databases.dataSource(dbUrl, System.getenv("VARDE_DB_USER"), System.getenv("VARDE_DB_PASSWORD"));
            System.out.println("Backing up " + Databases.redact(dbUrl) + " into " + target);
            rows = DatabaseBackup.write(db, target, System.out::println);
        } else {
            try (DataDirectoryDatabase db = DataDirectoryDatabase.open(dataDir.toAbsolutePath())) {
                System.out.println("Backing up " + db.description() + " in " + dataDir + " into " + target);
                rows = DatabaseBackup.write(db.dataSource(), target, System.out::println);
            } catch (IllegalStateException refused) {
                System.err.println("Not backed up: " + refused.getMessage());
                return 2;
            }
        }
        int files = DataDirectoryDatabase.copyKeptFiles(dataDir, target.resolve("files"));
        System.out.printf(java.util.Locale.ROOT, "Backed up %,d rows of %d tables and %d files in %.1f s. Restore with: bin/varde restore %s --data-dir NEW_DIR%n",
                rows.values().stream().mapToLong(Long::longValue).sum(), rows.size(), files,
                Duration.ofNanos(System.nanoTime() - started).toMillis() / 1000.0, target);
        return 0;
    }
}
