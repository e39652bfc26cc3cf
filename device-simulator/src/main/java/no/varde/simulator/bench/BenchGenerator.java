package no.varde.simulator.bench;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The bench's load: one MQTT connection per gateway (or device), each publishing QoS 1 SenML
 * readings stamped with the moment they are published, on a schedule or as fast as PUBACKs
 * allow, with at most {@code window} messages awaiting PUBACK per connection. The same generator
 * drives Varde and the reference broker, so the two rates are a fair ratio.
 *
 * <p>Two clients do the publishing ({@link BenchClient}). The generator shares the machine with what it
 * measures, so what it costs per message is taken from the platform: Paho's client hands every
 * message across three threads per connection and writes each with a system call of its own,
 * while Vert.x's client runs every connection on one of two event loops and writes the messages
 * released by one read of PUBACKs together.
 */
abstract class BenchGenerator implements AutoCloseable {
    protected final int window;
    private final Recorder puback = new Recorder(3);
    private final AtomicLong offered = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong behindSchedule = new AtomicLong();
    protected volatile boolean sending = true;
    /** Set once the run is over: connections closing now lose nothing that counts. */
    protected volatile boolean closing;

    protected BenchGenerator(int window) {
        this.window = window;
    }

    /**
     * Connects every connection and starts publishing.
     *
     * @param rate messages per second over all connections; 0 or less publishes as fast as the window allows
     */
    static BenchGenerator start(BenchClient client, String serverUri, List<BenchSettings.Connection> connections, double rate, int window)
            throws Exception {
        return switch (client) {
            case VERTX -> VertxBenchGenerator.start(serverUri, connections, rate, window);
            case PAHO -> PahoBenchGenerator.start(serverUri, connections, rate, window);
        };
    }

    long offered() {
        return offered.get();
    }

    long acknowledged() {
        return acknowledged.get();
    }

    long failed() {
        return failed.get();
    }

    long behindSchedule() {
        return behindSchedule.get();
    }

    /** PUBACK latencies (microseconds) since the previous call. */
    Histogram pubackInterval() {
        return puback.getIntervalHistogram();
    }

    void resetPuback() {
        puback.reset();
    }

    /** Stops publishing and waits (up to 30 s) for the messages still awaiting PUBACK. */
    final void stopAndDrain() throws InterruptedException {
        sending = false;
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (anyInFlight() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    /** Whether any connection has messages awaiting PUBACK; called from the thread that drains. */
    protected abstract boolean anyInFlight();

    @Override
    public abstract void close();

    /**
     * How many of {@code schedule}'s messages are due now. None once the generator stopped: the
     * pacing calls that go on through the drain must not count the stop as falling behind.
     */
    protected final long due(BenchSchedule schedule) {
        return sending ? schedule.due(System.nanoTime(), behindSchedule) : 0;
    }

    protected final void sent() {
        offered.incrementAndGet();
    }

    protected final void acknowledged(long sentNanos) {
        acknowledged.incrementAndGet();
        puback.recordValue(Math.max(1, (System.nanoTime() - sentNanos) / 1000));
    }

    protected final void failed(long messages) {
        failed.addAndGet(messages);
    }
}
