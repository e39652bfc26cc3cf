package no.varde.ingest.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import no.varde.ingest.IngestException;
import no.varde.ingest.IngestStatus;
import no.varde.ingest.mqtt.PublishTopic;
import no.varde.storage.DeviceRepository;

/**
 * Who may publish where: a device on its own topics only; a gateway for the devices assigned to
 * it. A gateway's assignments are read in one query and kept: refreshed in the background once a
 * minute old (the answer in hand keeps serving meanwhile), and read again at once, at most every
 * five seconds, when a device the gateway is not known to carry turns up (newly assigned).
 * Concurrent reads for one gateway share one query. Before this, each device behind a gateway
 * cost its own query and the cache expired for all of them at once, which stalled ingest for
 * seconds every minute with 10,000 devices behind 50 gateways (found by {@code varde bench}).
 */
public final class TopicAuthorizer {
    private static final long REFRESH_NANOS = 60_000_000_000L;
    private static final long MISS_RELOAD_NANOS = 5_000_000_000L;

    /** What is known of one gateway's devices; guarded by itself. */
    private static final class GatewayDevices {
        Set<String> devices;
        long loadedAt;
        Future<Set<String>> loading;
    }

    private final Vertx vertx;
    private final DeviceRepository devices;
    private final Map<String, GatewayDevices> gateways = new ConcurrentHashMap<>();

    public TopicAuthorizer(Vertx vertx, DeviceRepository devices) {
        this.vertx = vertx;
        this.devices = devices;
    }

    /** Completes when {@code authenticatedId} may publish on {@code topic}; fails with NOT_AUTHORIZED otherwise. */
    public Future<Void> authorize(String authenticatedId, PublishTopic topic) {
        if (topic.gatewayId() == null) {
            return topic.deviceId().equals(authenticatedId) ? Future.succeededFuture() : refuse(authenticatedId, topic);
        }
        if (!topic.gatewayId().equals(authenticatedId)) {
            return refuse(authenticatedId, topic);
        }
        GatewayDevices gateway = gateways.computeIfAbsent(authenticatedId, id -> new GatewayDevices());
        Set<String> known;
        long age;
        synchronized (gateway) {
            known = gateway.devices;
            age = System.nanoTime() - gateway.loadedAt;
        }
        if (known != null) {
            if (age > REFRESH_NANOS) {
                load(authenticatedId, gateway);
            }
            if (known.contains(topic.deviceId())) {
                return Future.succeededFuture();
            }
            if (age < MISS_RELOAD_NANOS) {
                return refuse(authenticatedId, topic);
            }
        }
        return load(authenticatedId, gateway)
                .compose(set -> set.contains(topic.deviceId()) ? Future.succeededFuture() : refuse(authenticatedId, topic));
    }

    /** Reads the gateway's devices, or joins the read already under way. */
    private Future<Set<String>> load(String gatewayId, GatewayDevices gateway) {
        synchronized (gateway) {
            if (gateway.loading != null) {
                return gateway.loading;
            }
            Future<Set<String>> loading = vertx.executeBlocking(() -> Set.copyOf(devices.devicesBehind(gatewayId)), false)
                    .recover(e -> Future.failedFuture(new IngestException(IngestStatus.UNAVAILABLE, "device registry unavailable", e)));
            gateway.loading = loading;
            loading.onComplete(result -> {
                synchronized (gateway) {
                    gateway.loading = null;
                    if (result.succeeded()) {
                        gateway.devices = result.result();
                        gateway.loadedAt = System.nanoTime();
                    }
                }
            });
            return loading;
        }
    }

    private static Future<Void> refuse(String who, PublishTopic topic) {
        return Future.failedFuture(new IngestException(IngestStatus.NOT_AUTHORIZED,
                who + " may not publish for device " + topic.deviceId()
                        + (topic.gatewayId() == null ? "" : " through gateway " + topic.gatewayId())));
    }
}
