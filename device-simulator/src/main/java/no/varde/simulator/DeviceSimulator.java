package no.varde.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import no.varde.model.Metric;
import no.varde.model.MetricCatalogue;
import no.varde.model.Reading;
import no.varde.model.senml.SenmlCodec;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays a fleet of devices over MQTT 5 with Eclipse Paho: each device connects with its own
 * credentials and publishes one SenML pack of all its domain's metrics every interval, at QoS 1.
 * Devices are staggered over the interval so the load is smooth. Deterministic for a seed.
 */
public final class DeviceSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceSimulator.class);

    private final String serverUri;
    private final Fleet fleet;
    private final Duration interval;
    private final long seed;
    private final Clock clock;
    private final MetricCatalogue catalogue = MetricCatalogue.standard();
    private final SenmlCodec codec = new SenmlCodec();
    private final SimulatorStats stats = new SimulatorStats();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "varde-simulator");
        t.setDaemon(true);
        return t;
    });
    private final List<MqttAsyncClient> clients = new ArrayList<>();
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();

    public DeviceSimulator(String serverUri, Fleet fleet, Duration interval, long seed, Clock clock) {
        this.serverUri = serverUri;
        this.fleet = fleet;
        this.interval = interval;
        this.seed = seed;
        this.clock = clock;
    }

    /** Connects every device and starts publishing; devices that cannot connect yet keep retrying. */
    public void start() {
        long stagger = Math.max(1, interval.toMillis() / Math.max(1, fleet.devices().size()));
        long delay = 0;
        for (SimulatedDevice device : fleet.devices()) {
            MqttAsyncClient client = connect(device);
            clients.add(client);
            Random random = new Random(seed ^ device.id().hashCode());
            tasks.add(scheduler.scheduleAtFixedRate(() -> publish(client, device, random), delay, interval.toMillis(),
                    TimeUnit.MILLISECONDS));
            delay += stagger;
        }
        LOG.info("Simulating {} devices against {}, one message per device every {}", fleet.devices().size(), serverUri, interval);
    }

    private MqttAsyncClient connect(SimulatedDevice device) {
        try {
            // Paho runs each client's receive, send and callback loops as long-lived tasks: they get
            // their own threads, never the small publishing scheduler (which they would starve).
            MqttAsyncClient client = new MqttAsyncClient(serverUri, "sim-" + device.id(), new MemoryPersistence());
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setUserName(device.id());
            options.setPassword(device.token().getBytes(StandardCharsets.UTF_8));
            options.setAutomaticReconnect(true);
            options.setAutomaticReconnectDelay(1, 30);
            options.setCleanStart(true);
            options.setConnectionTimeout(10);
            client.connect(options, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    LOG.debug("{} connected", device.id());
                }

                @Override
                public void onFailure(IMqttToken token, Throwable error) {
                    LOG.warn("{} could not connect: {}", device.id(), error.getMessage());
                }
            });
            return client;
        } catch (MqttException e) {
            throw new IllegalStateException("cannot create MQTT client for " + device.id(), e);
        }
    }

    private void publish(MqttAsyncClient client, SimulatedDevice device, Random random) {
        if (!client.isConnected()) {
            return;
        }
        Instant now = clock.instant();
        List<Reading> readings = new ArrayList<>();
        for (Metric metric : catalogue.byDomain(device.kind())) {
            readings.add(new Reading(device.id(), metric.name(), SignalModel.value(metric, now, random), metric.unit(), now, now));
        }
        try {
            MqttMessage message = new MqttMessage(codec.encode(device.id(), readings), 1, false, null);
            stats.published.increment();
            client.publish("sensors/" + device.id() + "/telemetry", message, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                        stats.failed.increment();
                    } else {
                        stats.acknowledged.increment();
                        stats.readings.add(readings.size());
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable error) {
                    stats.failed.increment();
                }
            });
        } catch (MqttException | RuntimeException e) {
            stats.failed.increment();
            LOG.debug("{} could not publish: {}", device.id(), e.getMessage());
        }
    }

    public SimulatorStats stats() {
        return stats;
    }

    @Override
    public void close() {
        tasks.forEach(task -> task.cancel(false));
        for (MqttAsyncClient client : clients) {
            try {
                if (client.isConnected()) {
                    client.disconnect(2_000).waitForCompletion(3_000);
                }
                client.close();
            } catch (MqttException e) {
                LOG.debug("closing {}: {}", client.getClientId(), e.getMessage());
            }
        }
        scheduler.shutdownNow();
    }
}
