package no.varde.ingest;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import no.varde.model.validation.RejectReason;

/** What ingest has done since it started: thread-safe counters read by /health and the status line. */
public final class IngestMetrics {
    private final LongAdder readingsAccepted = new LongAdder();
    private final LongAdder messagesReceived = new LongAdder();
    private final LongAdder connectionsAccepted = new LongAdder();
    private final LongAdder connectionsRefused = new LongAdder();
    private final AtomicLong connectedDevices = new AtomicLong();
    private final Map<RejectReason, LongAdder> rejected = new ConcurrentHashMap<>();

    public void messageReceived() {
        messagesReceived.increment();
    }

    public void readingsAccepted(int count) {
        readingsAccepted.add(count);
    }

    public void rejected(RejectReason reason) {
        rejected.computeIfAbsent(reason, r -> new LongAdder()).increment();
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

    public long readingsAccepted() {
        return readingsAccepted.sum();
    }

    public long messagesReceived() {
        return messagesReceived.sum();
    }

    public long connectionsRefused() {
        return connectionsRefused.sum();
    }

    public long connectedDevices() {
        return connectedDevices.get();
    }

    /** Rejected records and messages, all reasons together. */
    public long rejectedTotal() {
        return rejected.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public Map<String, Long> rejectedByReason() {
        Map<String, Long> byReason = new TreeMap<>();
        rejected.forEach((reason, count) -> byReason.put(reason.code(), count.sum()));
        return byReason;
    }
}
