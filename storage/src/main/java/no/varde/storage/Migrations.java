package no.varde.storage;

import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Brings a database to Varde's current schema with the forward-only Flyway migrations. */
public final class Migrations {
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    private Migrations() {
    }

    /** How old raw readings get before TimescaleDB compresses them (ignored on plain PostgreSQL). */
    public static final String DEFAULT_COMPRESS_AFTER = "7 days";
    /** How long TimescaleDB keeps raw readings (rollups are kept); a municipality's choice, so configurable. */
    public static final String DEFAULT_RAW_RETENTION = "400 days";

    public static MigrateResult migrate(DataSource dataSource) {
        MigrateResult result = configure(dataSource).load().migrate();
        LOG.info("Database schema at version {} ({} migration(s) applied)",
                result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion,
                result.migrationsExecuted);
        return result;
    }

    /** Varde's Flyway configuration; tests stop it at an older version ({@code target}) to prove upgrades. */
    static org.flywaydb.core.api.configuration.FluentConfiguration configure(DataSource dataSource) {
        String compressAfter = System.getenv().getOrDefault("VARDE_COMPRESS_AFTER", DEFAULT_COMPRESS_AFTER);
        String retention = System.getenv().getOrDefault("VARDE_RAW_RETENTION", DEFAULT_RAW_RETENTION);
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .placeholders(Map.of("readings_compress_after", compressAfter, "readings_retention", retention));
    }
}
