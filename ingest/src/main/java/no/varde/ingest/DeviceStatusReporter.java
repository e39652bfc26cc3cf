package no.varde.ingest;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import no.varde.ingest.kafka.DurableHandoff;
import no.varde.storage.DeviceRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Online/offline state and device status messages go to {@code varde.device-status};
 * {@code devices.last_seen} is kept current, at most once a minute per device while it publishes.
 */
public final class DeviceStatusReporter {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceStatusReporter.class);
    private static final long SEEN_EVERY_NANOS = 60_000_000_000L;
    /** Status messages are small; a larger one is cut to this many characters. */
    private static final int MAX_STATUS_CHARS = 1024;

    private final Vertx vertx;
    private final DurableHandoff handoff;
    private final DeviceRepository devices;
    private final Map<String, Long> lastMarked = new ConcurrentHashMap<>();

    public DeviceStatusReporter(Vertx vertx, DurableHandoff handoff, DeviceRepository devices) {
        this.vertx = vertx;
        this.handoff = handoff;
        this.devices = devices;
    }

    public Future<Void> online(String deviceId, String protocol) {
        markSeen(deviceId, true);
        return publish(deviceId, new JsonObject().put("state", "online").put("protocol", protocol));
    }

    /** @param will the device's MQTT will payload when the connection was lost, else null */
    public Future<Void> offline(String deviceId, String reason, byte[] will) {
        markSeen(deviceId, true);
        JsonObject status = new JsonObject().put("state", "offline").put("reason", reason);
        if (will != null) {
            status.put("will", text(will));
        }
        return publish(deviceId, status);
    }

    /** A status message the device published itself (battery, firmware, ...). */
    public Future<Void> reported(String deviceId, byte[] payload) {
        markSeen(deviceId, false);
        return publish(deviceId, new JsonObject().put("state", "online").put("reported", text(payload)));
    }

    /** Called for every accepted message; touches the database at most once a minute per device. */
    public void seen(String deviceId) {
        markSeen(deviceId, false);
    }

    private Future<Void> publish(String deviceId, JsonObject status) {
        status.put("device", deviceId).put("at", Instant.now().toString());
        return handoff.sendStatus(deviceId, status.encode().getBytes(StandardCharsets.UTF_8));
    }

    private void markSeen(String deviceId, boolean always) {
        long now = System.nanoTime();
        Long previous = lastMarked.get(deviceId);
        if (!always && previous != null && now - previous < SEEN_EVERY_NANOS) {
            return;
        }
        lastMarked.put(deviceId, now);
        Instant at = Instant.now();
        vertx.executeBlocking(() -> {
            devices.markSeen(deviceId, at);
            return null;
        }, false).onFailure(e -> LOG.debug("could not update last_seen of {}: {}", deviceId, e.getMessage()));
    }

    private static String text(byte[] payload) {
        String s = new String(payload, StandardCharsets.UTF_8);
        return s.length() <= MAX_STATUS_CHARS ? s : s.substring(0, MAX_STATUS_CHARS);
    }
}
