package no.varde.platform;

import javax.sql.DataSource;
import no.varde.storage.Databases;
import picocli.CommandLine.Option;

/** The external database and Kafka a tier that runs on its own (ingest, alerting) connects to; the password only from the environment. */
final class ExternalServicesOptions {
    @Option(names = "--db-url", defaultValue = "${env:VARDE_DB_URL}", required = true, description = "JDBC URL (env VARDE_DB_URL).")
    String dbUrl;

    @Option(names = "--db-user", defaultValue = "${env:VARDE_DB_USER}", description = "Database user (env VARDE_DB_USER).")
    String dbUser;

    @Option(names = "--kafka", defaultValue = "${env:VARDE_KAFKA_BOOTSTRAP}", required = true,
            description = "Kafka bootstrap servers (env VARDE_KAFKA_BOOTSTRAP).")
    String kafka;

    /** A DataSource with the password from VARDE_DB_PASSWORD (never a command-line argument, which `ps` shows). */
    DataSource database() {
        return Databases.dataSource(dbUrl, dbUser, System.getenv("VARDE_DB_PASSWORD"));
    }
}
