package no.varde.platform;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import no.varde.storage.Databases;
import no.varde.storage.Migrations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code varde load-fleet}: registers the load devices of {@code bench}, {@code load} and {@code soak}
 * in a database that a distributed install uses (what {@code varde run --load-devices} does for
 * the one-process platform), and writes their credentials to a file only the owner can read.
 */
@Command(name = "load-fleet", mixinStandardHelpOptions = true,
        description = "Register load-test devices (for 'varde bench') in an external database and write their credentials.")
final class LoadFleetCommand implements Callable<Integer> {
    @Option(names = "--db-url", defaultValue = "${env:VARDE_DB_URL}", required = true, description = "JDBC URL (env VARDE_DB_URL).")
    String dbUrl;

    @Option(names = "--devices", defaultValue = "2000", description = "How many (default: ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--gateways", defaultValue = "20", description = "Behind this many gateways; 0 for none (default: ${DEFAULT-VALUE}).")
    int gateways;

    @Option(names = "--output", defaultValue = "load-fleet.csv", description = "Credentials file (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--token-iterations", defaultValue = "10000",
            description = "PBKDF2 rounds for these throwaway tokens (default: ${DEFAULT-VALUE}; devices in service get 600,000).")
    int iterations;

    @Override
    public Integer call() throws Exception {
        var db = Databases.dataSource(dbUrl, System.getenv("VARDE_DB_USER"), System.getenv("VARDE_DB_PASSWORD"));
        Migrations.migrate(db);
        DemoFleet.provisionLoadFleet(db, devices, gateways, iterations, output);
        System.out.println("Registered " + devices + " load devices" + (gateways > 0 ? " behind " + gateways + " gateways" : "")
                + "; credentials in " + output);
        return 0;
    }
}
