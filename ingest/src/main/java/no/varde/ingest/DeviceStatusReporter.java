package no.varde.ingest;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import no.varde.ingest.kafka.DurableHandoff;
import no.varde.storage.DeviceRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Online/offline state and device status messages go to {@code varde.device-status};
 * {@code devices.last_seen} is kept current, at most once a minute per device while it publishes.
 * What was seen is noted in memory and written once a second, for all devices in one statement
 * ({@link DeviceRepository#markSeen(Map)}): a fleet that connected together also comes due together,
 * and one UPDATE per device then meant thousands of commits in the same second, every minute.
 */
public final class DeviceStatusReporter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceStatusReporter.class);
    private static final long SEEN_EVERY_NANOS = 60_000_000_000L;
    /** How often noted sightings are written: {@code last_seen} is at most this much behind. */
    static final long WRITE_EVERY_MILLIS = 1_000;
    /** Status messages are small; a larger one is cut to this many characters. */
    private static final int MAX_STATUS_CHARS = 1024;

    private final Vertx vertx;
    private final DurableHandoff handoff;
    private final DeviceRepository devices;
    private final Map<String, Long> lastMarked = new ConcurrentHashMap<>();
    /** Seen since the last write: device id to the newest time seen. */
    private final Map<String, Instant> unwritten = new ConcurrentHashMap<>();
    private final long writeTimer;

    public DeviceStatusReporter(Vertx vertx, DurableHandoff handoff, DeviceRepository devices) {
        this.vertx = vertx;
        this.handoff = handoff;
        this.devices = devices;
        this.writeTimer = vertx.setPeriodic(WRITE_EVERY_MILLIS, id -> writeSeen());
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
        unwritten.merge(deviceId, Instant.now(), (a, b) -> a.isAfter(b) ? a : b);
    }

    /**
     * Writes what was seen since the last write, in one statement, off the event loop; what could
     * not be written (database down) is noted again for the next write.
     */
    Future<Void> writeSeen() {
        if (unwritten.isEmpty()) {
            return Future.succeededFuture();
        }
        Map<String, Instant> batch = new HashMap<>();
        for (String id : unwritten.keySet()) {
            Instant at = unwritten.remove(id);
            if (at != null) {
                batch.put(id, at);
            }
        }
        // Ordered: one write at a time, so a slow database gets one statement, not a queue of them.
        return vertx.<Void>executeBlocking(() -> {
            devices.markSeen(batch);
            return null;
        }, true).onFailure(e -> {
            LOG.debug("could not update last_seen of {} devices: {}", batch.size(), e.getMessage());
            batch.forEach((id, at) -> unwritten.merge(id, at, (a, b) -> a.isAfter(b) ? a : b));
        });
    }

    /** Stops the timer and writes what is still noted (waits for it). */
    @Override
    public void close() {
        vertx.cancelTimer(writeTimer);
        try {
            writeSeen().await(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("last_seen of {} devices not written at shutdown: {}", unwritten.size(), e.getMessage());
        }
    }

    private static String text(byte[] payload) {
        String s = new String(payload, StandardCharsets.UTF_8);
        return s.length() <= MAX_STATUS_CHARS ? s : s.substring(0, MAX_STATUS_CHARS);
    }
}
