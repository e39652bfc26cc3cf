package no.varde.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import no.varde.model.validation.RejectReason;

/**
 * What ingest has done since it started, as Micrometer meters (exported by /metrics in Prometheus
 * format) with plain getters for /health and the status line.
 */
public final class IngestMetrics {
    private final MeterRegistry registry;
    private final Counter readingsAccepted;
    private final Counter messagesReceived;
    private final Counter connectionsAccepted;
    private final Counter connectionsRefused;
    private final AtomicLong connectedDevices = new AtomicLong();
    private final Map<RejectReason, Counter> rejected = new ConcurrentHashMap<>();
    private final Counter readingPaused;
    private final Timer kafkaSend;
    private final Timer acknowledge;

    public IngestMetrics() {
        this(new SimpleMeterRegistry());
    }

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        readingsAccepted = Counter.builder("varde.ingest.readings.accepted").description("Readings handed to Kafka").register(registry);
        messagesReceived = Counter.builder("varde.ingest.messages").description("Messages received from devices").register(registry);
        connectionsAccepted = Counter.builder("varde.ingest.connections").tag("result", "accepted")
                .description("Device connections").register(registry);
        connectionsRefused = Counter.builder("varde.ingest.connections").tag("result", "refused")
                .description("Device connections").register(registry);
        registry.gauge("varde.ingest.connections.active", connectedDevices);
        readingPaused = Counter.builder("varde.ingest.backpressure.pauses")
                .description("Times reading from a device socket was paused because its messages were not yet durable").register(registry);
        kafkaSend = Timer.builder("varde.ingest.kafka.send").description("Time until Kafka acknowledged a message's records")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        acknowledge = Timer.builder("varde.ingest.ack").description("Time from receiving a message to acknowledging it")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        for (RejectReason reason : RejectReason.values()) {
            rejectedCounter(reason);
        }
    }

    private Counter rejectedCounter(RejectReason reason) {
        return rejected.computeIfAbsent(reason, r -> Counter.builder("varde.ingest.rejected").tag("reason", r.code())
                .description("Rejected records and messages by reason").register(registry));
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void messageReceived() {
        messagesReceived.increment();
    }

    public void readingsAccepted(int count) {
        readingsAccepted.increment(count);
    }

    public void rejected(RejectReason reason) {
        rejectedCounter(reason).increment();
    }

    /** A documented network-server event that carries no readings (join, status, ack, ...), acknowledged and not stored. */
    public void integrationEvent(String source, String event) {
        Counter.builder("varde.ingest.integration.events").tag("source", source).tag("event", event)
                .description("Network-server events that carry no readings, acknowledged without storing").register(registry).increment();
    }

    /** An uplink repeated by its network server (same frame counter), acknowledged and not stored again. */
    public void integrationRepeat(String source) {
        Counter.builder("varde.ingest.integration.repeats").tag("source", source)
                .description("Uplinks a network server sent again (same DevAddr and fCnt), not stored twice").register(registry).increment();
    }

    public void connectionAccepted() {
        connectionsAccepted.increment();
        connectedDevices.incrementAndGet();
    }

    public void connectionClosed() {
        connectedDevices.decrementAndGet();
    }

    public void connectionRefused() {
        connectionsRefused.increment();
    }

    public void readingPaused() {
        readingPaused.increment();
    }

    public long readingPauses() {
        return (long) readingPaused.count();
    }

    public void kafkaSend(long nanos) {
        kafkaSend.record(Duration.ofNanos(nanos));
    }

    public void acknowledged(long nanos) {
        acknowledge.record(Duration.ofNanos(nanos));
    }

    public long readingsAccepted() {
        return (long) readingsAccepted.count();
    }

    public long messagesReceived() {
        return (long) messagesReceived.count();
    }

    public long connectionsRefused() {
        return (long) connectionsRefused.count();
    }

    public long connectedDevices() {
        return connectedDevices.get();
    }

    /** Rejected records and messages, all reasons together. */
    public long rejectedTotal() {
        return rejected.values().stream().mapToLong(c -> (long) c.count()).sum();
    }

    public Map<String, Long> rejectedByReason() {
        Map<String, Long> byReason = new TreeMap<>();
        rejected.forEach((reason, count) -> {
            if (count.count() > 0) {
                byReason.put(reason.code(), (long) count.count());
            }
        });
        return byReason;
    }
}
