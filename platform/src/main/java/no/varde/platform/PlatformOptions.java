package no.varde.platform;

import java.nio.file.Path;
import java.time.Duration;
import no.varde.ingest.TlsSettings;

/**
 * Everything the one-process platform needs to know. A null database URL or Kafka bootstrap
 * means "start an embedded one"; a null admin token means "make one and write it to the work directory";
 * a null integration token leaves the LoRaWAN network-server webhooks off; a null simulation plays no town.
 * {@code workDir} is the data directory: kept across restarts, or emptied and removed when {@code ephemeral}.
 */
public record PlatformOptions(Path workDir, String dbUrl, String dbUser, String dbPassword, String kafkaBootstrap,
                              String mqttHost, int mqttPort, String httpHost, int httpPort,
                              DemoSimulation simulation, Duration checkpointInterval,
                              String adminToken, TlsSettings tls, double deviceRatePerSecond, String integrationToken,
                              int loadDevices, int loadGateways, int loadTokenIterations,
                              Path alertingConfig, boolean ephemeral) {

    public boolean embeddedDatabase() {
        return dbUrl == null || dbUrl.isBlank();
    }

    public boolean embeddedKafka() {
        return kafkaBootstrap == null || kafkaBootstrap.isBlank();
    }
}
