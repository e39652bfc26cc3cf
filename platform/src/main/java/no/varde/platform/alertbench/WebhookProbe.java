package no.varde.platform.alertbench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;

/**
 * The benchmark's receivers on one local HTTP server: {@code /hook} (generic JSON webhook, timed),
 * {@code /teams} (answers 200), and {@code /sms}, the channel that is down: it never answers
 * ({@code hang}), answers 503 ({@code 503}), or is not routed at all ({@code none}, the reference).
 * Latency is receipt time minus the anomaly event's Kafka time ({@code triggered_at}).
 */
public final class WebhookProbe implements AutoCloseable {
    public enum Down { HANG, ERROR_503, NONE }

    /** One timed delivery: seconds since the storm began, and milliseconds from event to receipt. */
    public record Point(double atSeconds, double latencyMs) {
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final Recorder recorder = new Recorder(3);
    private final List<Point> points = new CopyOnWriteArrayList<>();
    private final Set<Long> openedAlerts = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicLong> byPurpose = new ConcurrentHashMap<>();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong smsRequests = new AtomicLong();
    private volatile Instant stormStart = Instant.MAX;
    private volatile Instant measureFrom = Instant.MAX;

    public WebhookProbe(Down down) {
        server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            Instant received = Instant.now();
            switch (req.path()) {
                case "/hook" -> {
                    record(new JsonObject(body.toString()), received);
                    req.response().setStatusCode(200).end();
                }
                case "/sms" -> {
                    smsRequests.incrementAndGet();
                    if (down == Down.ERROR_503) {
                        req.response().setStatusCode(503).end();
                    } else if (down == Down.NONE) {
                        req.response().setStatusCode(200).end();
                    }
                    // HANG: never answer; the channel's time-out ends the attempt.
                }
                default -> req.response().setStatusCode(200).end();
            }
        })).listen(0, "127.0.0.1").await();
    }

    private void record(JsonObject json, Instant received) {
        String purpose = json.getString("purpose");
        byPurpose.computeIfAbsent(purpose, p -> new AtomicLong()).incrementAndGet();
        if (!"opened".equals(purpose)) {
            return;
        }
        long alert = json.getJsonObject("alert").getLong("alert_id");
        if (!openedAlerts.add(alert)) {
            duplicates.incrementAndGet();
            return;
        }
        Instant triggered = Instant.parse(json.getString("triggered_at"));
        if (triggered.isBefore(measureFrom)) {
            return;
        }
        double ms = (received.toEpochMilli() - triggered.toEpochMilli()) + (received.getNano() % 1_000_000) / 1e6;
        recorder.recordValue(Math.max(0, Math.round(ms * 1000)));   // microseconds
        points.add(new Point((received.toEpochMilli() - stormStart.toEpochMilli()) / 1000.0, ms));
    }

    public void stormStarts(Instant start, Instant measureFrom) {
        this.stormStart = start;
        this.measureFrom = measureFrom;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.actualPort() + path;
    }

    /** Microseconds; each call returns what was recorded since the previous call. */
    public org.HdrHistogram.Histogram interval() {
        return recorder.getIntervalHistogram();
    }

    /** The timed webhooks so far, a snapshot: late webhooks may still arrive while the report is drawn. */
    public List<Point> points() {
        return List.copyOf(points);
    }

    public int openedAlerts() {
        return openedAlerts.size();
    }

    public long duplicates() {
        return duplicates.get();
    }

    public long smsRequests() {
        return smsRequests.get();
    }

    public Map<String, AtomicLong> byPurpose() {
        return byPurpose;
    }

    @Override
    public void close() {
        vertx.close().await();
    }
}
