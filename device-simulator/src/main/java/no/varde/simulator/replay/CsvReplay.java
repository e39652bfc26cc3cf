package no.varde.simulator.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import no.varde.model.Metric;
import no.varde.model.Reading;
import no.varde.model.senml.SenmlCodec;
import no.varde.simulator.link.FleetLinks;

/**
 * Replays a recorded series as one device's metric, row by row, at {@code speed} times the
 * recorded pace: row i goes out {@code (t_i - t_0) / speed} after the start.
 */
public final class CsvReplay {
    private final CsvSeries series;
    private final String deviceId;
    private final Metric metric;
    private final double speed;
    private final TimestampMode mode;
    private final SenmlCodec codec = new SenmlCodec();
    private volatile boolean running = true;
    private volatile int sent;

    public CsvReplay(CsvSeries series, String deviceId, Metric metric, double speed, TimestampMode mode) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be above 0");
        }
        this.series = series;
        this.deviceId = deviceId;
        this.metric = metric;
        this.speed = speed;
        this.mode = mode;
    }

    /** Rows whose value the metric's plausible range excludes: ingest will reject them (counted and dead-lettered). */
    public long implausibleRows() {
        return series.rows().stream().filter(r -> !metric.isPlausible(r.value())).count();
    }

    /** Wall-clock time the replay takes. */
    public Duration wallDuration() {
        return Duration.ofNanos((long) (Duration.between(series.first(), series.last()).toNanos() / speed));
    }

    /** The first row's time in SHIFTED mode when the replay starts at {@code start}; older than 7 days is refused by ingest. */
    public Instant shiftedFirst(Instant start) {
        // Faster than recorded: end on the present. Slower: begin at the present (stamps then trail the sends).
        return speed >= 1 ? start.plus(wallDuration()).minus(Duration.between(series.first(), series.last())) : start;
    }

    /** Sends every row through {@code links}, calling {@code progress} with the rows sent so far now and then. Blocks until done. */
    public void run(FleetLinks links, Consumer<Integer> progress) {
        Instant start = Instant.now();
        long startNanos = System.nanoTime();
        Duration offset = Duration.between(series.first(), shiftedFirst(start));
        List<CsvSeries.Row> rows = series.rows();
        long lastReport = System.nanoTime();
        for (int i = 0; i < rows.size() && running; i++) {
            CsvSeries.Row row = rows.get(i);
            long due = startNanos + (long) (Duration.between(series.first(), row.time()).toNanos() / speed);
            for (long wait = due - System.nanoTime(); wait > 0 && running; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(Math.min(wait, 200_000_000L));
            }
            Instant stamp = switch (mode) {
                case SHIFTED -> row.time().plus(offset);
                case ORIGINAL -> row.time();
                case WALL -> Instant.now();
            };
            Reading reading = new Reading(deviceId, metric.name(), row.value(), metric.unit(), stamp, stamp);
            links.send(deviceId, codec.encode(deviceId, List.of(reading)));
            sent = i + 1;
            if (System.nanoTime() - lastReport > 1_000_000_000L) {
                progress.accept(sent);
                lastReport = System.nanoTime();
            }
        }
        progress.accept(sent);
    }

    public int sent() {
        return sent;
    }

    public int size() {
        return series.rows().size();
    }

    public void stop() {
        running = false;
    }
}
