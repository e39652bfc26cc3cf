package no.varde.simulator.link;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MQTT connection of a simulated device or gateway, as a field device behaves: it connects
 * and reconnects with exponential backoff and jitter (so a restarted server is not hit by every
 * device at once), keeps what it cannot send yet in a bounded buffer (store and forward), sends
 * at QoS 1 with a bounded number awaiting PUBACK, and sends again what was in flight when the
 * connection dropped. A message leaves the buffer only when the server has answered it; when the
 * buffer is full the newest message is dropped and counted. Nothing is lost without a count.
 */
public final class MqttLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttLink.class);

    private record Pending(String topic, byte[] payload) {
    }

    private final LinkSettings settings;
    private final PahoClient client;
    private final String name;
    private final LinkStats stats;
    private final ScheduledExecutorService timer;
    private final Deque<Pending> buffer = new ArrayDeque<>();
    private final Map<Pending, Boolean> inFlight = new IdentityHashMap<>();
    private boolean connected;
    private boolean connecting;
    private boolean closed;
    private Duration backoff;

    public MqttLink(LinkSettings settings, String clientId, String user, String password, LinkStats stats,
                    ScheduledExecutorService timer) {
        this.settings = settings;
        this.name = user;
        this.stats = stats;
        this.timer = timer;
        this.backoff = settings.minBackoff();
        try {
            this.client = settings.version() == MqttVersion.V5 ? new PahoV5Client(settings, clientId, user, password)
                    : new PahoV3Client(settings, clientId, user, password);
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot create an MQTT client for " + settings.serverUri() + ": " + e.getMessage(), e);
        }
        client.onConnectionLost(this::connectionLost);
    }

    public void start() {
        connect();
    }

    /** Queues a message; never blocks. False when the buffer was full and the message was dropped (counted). */
    public boolean send(String topic, byte[] payload) {
        stats.offered.increment();
        synchronized (this) {
            if (buffer.size() >= settings.bufferCapacity()) {
                stats.droppedBufferFull.increment();
                return false;
            }
            buffer.addLast(new Pending(topic, payload));
        }
        pump();
        return true;
    }

    public synchronized boolean connected() {
        return connected;
    }

    /** Messages waiting: buffered plus awaiting PUBACK. */
    public synchronized int backlog() {
        return buffer.size() + inFlight.size();
    }

    private void connect() {
        synchronized (this) {
            if (closed || connected || connecting) {
                return;
            }
            connecting = true;
        }
        client.connect(this::connectedNow, this::connectFailed);
    }

    private void connectedNow() {
        synchronized (this) {
            connecting = false;
            connected = true;
            backoff = settings.minBackoff();
        }
        stats.connects.increment();
        pump();
    }

    private void connectFailed(Throwable error) {
        stats.connectFailures.increment();
        LOG.debug("{} could not connect: {}", name, error == null ? "?" : error.getMessage());
        synchronized (this) {
            connecting = false;
        }
        retryLater();
    }

    private void connectionLost(Throwable cause) {
        stats.connectionsLost.increment();
        LOG.debug("{} lost its connection: {}", name, cause == null ? "closed by server" : cause.getMessage());
        synchronized (this) {
            connected = false;
            requeueInFlight();
        }
        retryLater();
    }

    /** What was awaiting PUBACK goes back to the front of the buffer, in order, to be sent again. */
    private void requeueInFlight() {
        if (!inFlight.isEmpty()) {
            // IdentityHashMap has no order; re-sending out of order is harmless (readings carry their own time).
            inFlight.keySet().forEach(buffer::addFirst);
            stats.resent.add(inFlight.size());
            inFlight.clear();
        }
    }

    private void retryLater() {
        long delay;
        synchronized (this) {
            if (closed) {
                return;
            }
            // Exponential backoff with full jitter between half and all of the current step.
            delay = (long) (backoff.toMillis() * (0.5 + ThreadLocalRandom.current().nextDouble() / 2));
            Duration next = backoff.multipliedBy(2);
            backoff = next.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : next;
        }
        timer.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    private void pump() {
        while (true) {
            Pending next;
            synchronized (this) {
                if (!connected || inFlight.size() >= settings.maxInFlight() || buffer.isEmpty()) {
                    return;
                }
                next = buffer.pollFirst();
                inFlight.put(next, Boolean.TRUE);
            }
            try {
                client.publish(next.topic(), next.payload(), code -> answered(next, code), error -> failed(next));
            } catch (Exception e) {
                // The client refused at once (typically: it has just lost its connection); keep the message.
                synchronized (this) {
                    if (inFlight.remove(next) != null) {
                        buffer.addFirst(next);
                    }
                }
                return;
            }
        }
    }

    private void answered(Pending message, int reasonCode) {
        synchronized (this) {
            if (inFlight.remove(message) == null) {
                return;
            }
        }
        if (reasonCode >= 0x80) {
            stats.rejected.increment();
        } else {
            stats.acknowledged.increment();
        }
        pump();
    }

    private void failed(Pending message) {
        synchronized (this) {
            if (inFlight.remove(message) != null) {
                buffer.addFirst(message);
                stats.resent.increment();
            }
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        client.close();
    }
}
