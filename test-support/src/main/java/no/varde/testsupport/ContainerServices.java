package no.varde.testsupport;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Testcontainers services, used only where a Docker engine answers: TimescaleDB (the production
 * database) and Apache Kafka in KRaft mode.
 */
final class ContainerServices {
    static final String TIMESCALE_IMAGE = "timescale/timescaledb:2.23.0-pg17";
    static final String KAFKA_IMAGE = "apache/kafka:4.2.0";

    record Started(AutoCloseable container, String address) {
    }

    private ContainerServices() {
    }

    static boolean dockerAvailable() {
        if ("false".equalsIgnoreCase(System.getenv("VARDE_TEST_DOCKER"))) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    @SuppressWarnings("resource")
    static Started timescale() {
        PostgreSQLContainer<?> pg = new PostgreSQLContainer<>(
                DockerImageName.parse(TIMESCALE_IMAGE).asCompatibleSubstituteFor("postgres"));
        pg.start();
        String url = pg.getJdbcUrl() + (pg.getJdbcUrl().contains("?") ? "&" : "?")
                + "user=" + pg.getUsername() + "&password=" + pg.getPassword();
        return new Started(pg::stop, url);
    }

    @SuppressWarnings("resource")
    static Started kafka() {
        KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE));
        kafka.start();
        return new Started(kafka::stop, kafka.getBootstrapServers());
    }
}
