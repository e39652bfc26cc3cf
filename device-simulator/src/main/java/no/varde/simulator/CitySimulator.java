package no.varde.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import no.varde.model.MetricCatalogue;
import no.varde.simulator.city.CityModel;
import no.varde.simulator.city.Report;
import no.varde.simulator.city.Town;
import no.varde.simulator.city.TownDevice;
import no.varde.simulator.incident.GroundTruthLog;
import no.varde.simulator.link.FleetLinks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the town: every device reports on its own interval of simulated time, staggered so the
 * load is smooth, and each report goes to its connection. One thread walks the devices' next
 * report times in order and sleeps until the wall clock reaches the next one, so the same code
 * runs a town in real time or a week in an hour. Values come from the {@link CityModel}; the
 * ground-truth log is advanced as simulated time passes.
 */
public final class CitySimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CitySimulator.class);

    private record Tick(TownDevice device, Instant at) {
    }

    private final Town town;
    private final CityModel model;
    private final FleetLinks links;
    private final SimClock clock;
    private final GroundTruthLog truth;
    private final Instant end;
    private final PayloadEncoder encoder = new PayloadEncoder(MetricCatalogue.standard());
    private final LongAdder reports = new LongAdder();
    private final LongAdder silent = new LongAdder();
    private final LongAdder readings = new LongAdder();
    private volatile boolean running = true;
    private volatile Instant simulatedNow;
    private Thread thread;

    /**
     * @param truth where incidents are recorded as they start (null: not recorded)
     * @param end   simulated instant to stop at (null: run until closed)
     */
    public CitySimulator(Town town, CityModel model, FleetLinks links, SimClock clock, GroundTruthLog truth, Instant end) {
        this.town = town;
        this.model = model;
        this.links = links;
        this.clock = clock;
        this.truth = truth;
        this.end = end;
        this.simulatedNow = clock.start();
        for (TownDevice d : town.devices()) {
            if (!links.knows(d.id())) {
                throw new IllegalArgumentException("no credentials for " + d.id() + " in the fleet");
            }
        }
    }

    public void start() {
        links.start();
        thread = new Thread(this::loop, "varde-simulator");
        thread.setDaemon(true);
        thread.start();
        LOG.info("Simulating {} devices of '{}' over {} connections, {} msg/s at speed {}", town.devices().size(),
                town.scenario().name(), links.connectionCount(), Math.round(town.messagesPerSecond() * clock.speed()), clock.speed());
    }

    private void loop() {
        PriorityQueue<Tick> queue = new PriorityQueue<>((a, b) -> a.at().compareTo(b.at()));
        for (TownDevice d : town.devices()) {
            queue.add(new Tick(d, clock.start().plus(stagger(d))));
        }
        while (running && !queue.isEmpty()) {
            Tick tick = queue.poll();
            if (end != null && !tick.at().isBefore(end)) {
                break;
            }
            long wait = clock.wallNanosAt(tick.at()) - System.nanoTime();
            while (running && wait > 0) {
                LockSupport.parkNanos(Math.min(wait, 200_000_000L));
                wait = clock.wallNanosAt(tick.at()) - System.nanoTime();
            }
            if (!running) {
                break;
            }
            simulatedNow = tick.at();
            if (truth != null) {
                truth.advanceTo(tick.at().plusNanos(1));
            }
            report(tick);
            queue.add(new Tick(tick.device(), tick.at().plus(tick.device().interval())));
        }
        if (truth != null && end != null) {
            truth.advanceTo(end);
        }
        running = false;
    }

    private void report(Tick tick) {
        try {
            Report report = model.report(tick.device(), tick.at());
            if (report.silent()) {
                silent.increment();
                return;
            }
            reports.increment();
            readings.add(report.readings().size());
            links.send(tick.device().id(), encoder.encode(tick.device().id(), report));
        } catch (RuntimeException e) {
            LOG.error("cannot simulate {} at {}", tick.device().id(), tick.at(), e);
        }
    }

    /** A device's first report comes a fixed, id-derived part of its interval after the start. */
    private static Duration stagger(TownDevice d) {
        double fraction = (d.id().hashCode() & 0x7fffffff) / (double) Integer.MAX_VALUE;
        return Duration.ofMillis((long) (d.interval().toMillis() * fraction));
    }

    public boolean finished() {
        return !running;
    }

    /** Waits until the simulated end is reached (or the timeout passes); true when finished. */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        if (thread != null) {
            thread.join(Math.max(1, timeout.toMillis()));
        }
        return finished();
    }

    public Instant simulatedNow() {
        return simulatedNow;
    }

    public long reports() {
        return reports.sum();
    }

    public long silentTicks() {
        return silent.sum();
    }

    public long readings() {
        return readings.sum();
    }

    public FleetLinks links() {
        return links;
    }

    public List<no.varde.simulator.incident.Incident> incidentsSoFar() {
        return truth == null ? List.of() : truth.written();
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        links.close();
        if (truth != null) {
            try {
                truth.close();
            } catch (java.io.IOException e) {
                LOG.warn("cannot close the ground-truth file: {}", e.getMessage());
            }
        }
    }
}
