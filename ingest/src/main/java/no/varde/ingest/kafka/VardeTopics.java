package no.varde.ingest.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Varde's Kafka topics, and creating them where they are missing. */
public final class VardeTopics {
    private static final Logger LOG = LoggerFactory.getLogger(VardeTopics.class);

    /** Accepted readings, keyed by device id (so one device's readings stay in order). */
    public static final String READINGS = "varde.readings";
    /** Dead letters: every rejected message with its reasons and (capped) payload. */
    public static final String REJECTED = "varde.rejected";
    /** Device online/offline transitions and the devices' own status messages, keyed by device id. */
    public static final String DEVICE_STATUS = "varde.device-status";
    /** Anomaly reports from the detection job, keyed by anomaly id; alerting reads them. */
    public static final String ANOMALIES = "varde.anomalies";
    /** Every topic Varde writes; all must exist before ingest and the jobs start (brokers should not auto-create). */
    public static final String[] ALL = {READINGS, REJECTED, DEVICE_STATUS, ANOMALIES};

    private VardeTopics() {
    }

    /** Creates the topics that do not exist yet; existing ones are left as they are. */
    public static void ensure(String bootstrapServers, int partitions, short replication, String... topics)
            throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : topics) {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, partitions, replication));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                LOG.info("Created Kafka topics {}", missing.stream().map(NewTopic::name).toList());
            }
        }
    }
}
