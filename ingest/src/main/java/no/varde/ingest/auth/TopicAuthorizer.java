package no.varde.ingest.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import no.varde.ingest.IngestException;
import no.varde.ingest.IngestStatus;
import no.varde.ingest.mqtt.PublishTopic;
import no.varde.storage.DeviceRepository;

/**
 * Who may publish where: a device on its own topics only; a gateway for the devices assigned to
 * it. Gateway assignments are looked up in the registry and remembered for a minute, so a gateway
 * forwarding many readings does not cost a query each.
 */
public final class TopicAuthorizer {
    private static final long REMEMBER_NANOS = 60_000_000_000L;

    private record Assignment(String gatewayId, long validUntil) {
    }

    private final Vertx vertx;
    private final DeviceRepository devices;
    private final Map<String, Assignment> assignments = new ConcurrentHashMap<>();

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
        Assignment known = assignments.get(topic.deviceId());
        if (known != null && System.nanoTime() < known.validUntil()) {
            return Objects.equals(known.gatewayId(), authenticatedId) ? Future.succeededFuture() : refuse(authenticatedId, topic);
        }
        return vertx.executeBlocking(() -> devices.gatewayOf(topic.deviceId()).orElse(null), false)
                .recover(e -> Future.failedFuture(new IngestException(IngestStatus.UNAVAILABLE, "device registry unavailable", e)))
                .compose(gateway -> {
                    assignments.put(topic.deviceId(), new Assignment(gateway, System.nanoTime() + REMEMBER_NANOS));
                    return authenticatedId.equals(gateway) ? Future.succeededFuture() : refuse(authenticatedId, topic);
                });
    }

    private static Future<Void> refuse(String who, PublishTopic topic) {
        return Future.failedFuture(new IngestException(IngestStatus.NOT_AUTHORIZED,
                who + " may not publish for device " + topic.deviceId()
                        + (topic.gatewayId() == null ? "" : " through gateway " + topic.gatewayId())));
    }
}
