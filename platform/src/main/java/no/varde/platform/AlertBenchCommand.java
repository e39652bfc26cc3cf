package no.varde.platform;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import no.varde.alerting.AlertingService;
import no.varde.alerting.config.AlertingConfigLoader;
import no.varde.embedded.EmbeddedKafkaBroker;
import no.varde.embedded.EmbeddedPostgresServer;
import no.varde.ingest.kafka.VardeTopics;
import no.varde.model.anomaly.AnomalyJson;
import no.varde.platform.alertbench.AlertBenchReport;
import no.varde.platform.alertbench.StormPlan;
import no.varde.platform.alertbench.WebhookProbe;
import no.varde.simulator.scenario.DurationText;
import no.varde.storage.Databases;
import no.varde.storage.Migrations;
import no.varde.storage.TokenHasher;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code varde alert-bench}: a storm of anomaly events on Kafka into alerting (embedded PostgreSQL
 * and Kafka, real HTTP receivers), timing every new alert from its anomaly event to the webhook's
 * arrival while the SMS gateway is down. Prints a status line every 10 s and writes report.json
 * and chart.png.
 */
@Command(name = "alert-bench", mixinStandardHelpOptions = true,
        description = "Storm alerting with anomaly events and time anomaly event -> webhook with one channel down.")
final class AlertBenchCommand implements Callable<Integer> {
    private static final Duration ANALYSE_AFTER = Duration.ofSeconds(5);

    @Option(names = "--rate", defaultValue = "1000", description = "Anomaly events per minute (default: ${DEFAULT-VALUE}).")
    double perMinute;

    @Option(names = "--duration", defaultValue = "3m", description = "Measured storm, e.g. 3m (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--warmup", defaultValue = "20s", description = "Storm before measuring starts (default: ${DEFAULT-VALUE}).")
    String warmup;

    @Option(names = "--down", defaultValue = "hang",
            description = "How the SMS gateway is down: hang (accepts, never answers), 503, or none (all channels up: the reference run).")
    String down;

    @Option(names = "--seed", defaultValue = "7", description = "The storm's random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--output", defaultValue = "target/alert-bench", description = "Where report.json and chart.png go (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--work-dir", defaultValue = ".varde/alert-bench", description = "Embedded database and broker (default: ${DEFAULT-VALUE}).")
    Path workDir;

    @Override
    public Integer call() throws Exception {
        WebhookProbe.Down mode = switch (down.toLowerCase(Locale.ROOT)) {
            case "hang" -> WebhookProbe.Down.HANG;
            case "503" -> WebhookProbe.Down.ERROR_503;
            case "none" -> WebhookProbe.Down.NONE;
            default -> throw new IllegalArgumentException("--down must be hang, 503 or none");
        };
        Duration measured = DurationText.parse(duration);
        Duration warm = DurationText.parse(warmup);
        DataDirectory.deleteRecursively(workDir);
        CompletableFuture<EmbeddedPostgresServer> pg = CompletableFuture.supplyAsync(() -> start(() -> EmbeddedPostgresServer.start(workDir.resolve("pg"), 0)));
        CompletableFuture<EmbeddedKafkaBroker> kafkaStart = CompletableFuture.supplyAsync(() -> start(() -> EmbeddedKafkaBroker.start(workDir.resolve("kafka"), 0)));
        try (EmbeddedPostgresServer postgres = pg.get(120, TimeUnit.SECONDS); EmbeddedKafkaBroker kafka = kafkaStart.get(120, TimeUnit.SECONDS);
             WebhookProbe probe = new WebhookProbe(mode)) {
            DataSource db = Databases.dataSource(postgres.jdbcUrl(), null, null);
            Migrations.migrate(db);
            VardeTopics.ensure(kafka.bootstrapServers(), 3, (short) 1, VardeTopics.ANOMALIES);
            Vertx vertx = Vertx.vertx();
            AlertingService alerting = AlertingService.start(AlertingConfigLoader.parse(config(probe), Map.of()), db, vertx,
                    new AlertingService.Options(kafka.bootstrapServers(), VardeTopics.ANOMALIES, "alert-bench", TokenHasher.newToken()
                            + TokenHasher.newToken(), workDir, Clock.systemUTC()));
            try (KafkaProducer<String, byte[]> producer = producer(kafka.bootstrapServers())) {
                System.out.printf("Alert bench: %.0f anomaly events/min for %s (+%s warm-up), SMS gateway down: %s%n", perMinute, duration, warmup, down);
                Result r = storm(producer, probe, measured, warm, db);
                Map<String, Object> figures = figures(r, probe, alerting, db);
                AlertBenchReport.write(output, figures, probe.points(), String.format(Locale.ROOT,
                        "Alerting under %.0f anomaly events/min, SMS gateway down: %s", perMinute, down));
                print(figures);
                return r.allDelivered && (double) figures.get("p99_ms") < 1000 ? 0 : 1;
            } finally {
                alerting.close();
                vertx.close().await();
            }
        } finally {
            DataDirectory.deleteRecursively(workDir);
        }
    }

    /** @param seconds how long sending the storm took (without the drain) */
    private record Result(long events, long eventsMeasured, int problems, boolean allDelivered, Histogram latency, double seconds,
                          Instant measuredFrom) {
    }

    private Result storm(KafkaProducer<String, byte[]> producer, WebhookProbe probe, Duration measured, Duration warm, DataSource db)
            throws Exception {
        StormPlan plan = new StormPlan(seed);
        long periodNanos = (long) (60e9 / perMinute);
        Instant start = Instant.now();
        Instant measureFrom = start.plus(warm);
        Instant end = measureFrom.plus(measured);
        probe.stormStarts(start, measureFrom);
        Histogram total = new Histogram(3);
        long events = 0;
        long measuredEvents = 0;
        long next = System.nanoTime();
        long nextStatus = System.nanoTime() + 10_000_000_000L;
        Instant analyseAt = start.plus(warm.compareTo(ANALYSE_AFTER) < 0 ? warm : ANALYSE_AFTER);
        CompletableFuture<Void> analysed = null;
        while (Instant.now().isBefore(end)) {
            LockSupport.parkNanos(next - System.nanoTime());
            next += periodNanos;
            Instant now = Instant.now();
            StormPlan.Event e = plan.next(now);
            producer.send(new ProducerRecord<>(VardeTopics.ANOMALIES, e.anomaly().id().toString(), AnomalyJson.encode(e.anomaly())));
            events++;
            if (!now.isBefore(measureFrom)) {
                measuredEvents++;
            }
            if (analysed == null && !now.isBefore(analyseAt)) {
                analysed = CompletableFuture.runAsync(() -> analyse(db));
            }
            if (System.nanoTime() >= nextStatus) {
                nextStatus += 10_000_000_000L;
                Histogram interval = probe.interval();
                total.add(interval);
                System.out.printf(Locale.ROOT, "%5ds  %6d events  %5d alerts opened  %5d webhooks  last 10 s p99 %7.1f ms  SMS attempts %d%n",
                        Duration.between(start, Instant.now()).toSeconds(), events, plan.problems(), probe.openedAlerts(),
                        AlertBenchReport.ms(interval, 99), probe.smsRequests());
            }
        }
        producer.flush();
        if (analysed != null) {
            analysed.join();
        }
        double sendingSeconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
        // Drain: every alert the storm opened must have its webhook.
        Instant deadline = Instant.now().plusSeconds(30);
        while (probe.openedAlerts() < plan.problems() && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        total.add(probe.interval());
        return new Result(events, measuredEvents, plan.problems(), probe.openedAlerts() == plan.problems(), total, sendingSeconds, measureFrom);
    }

    /**
     * The database starts empty, and until autovacuum first analyses its tables (a minute or two in)
     * PostgreSQL plans without statistics, and pooled connections keep plans cached for nearly empty
     * tables: 0.6-2.7 ms instead of 0.02-0.03 ms for three of the feed's statements, which decided
     * whether alerting kept up at 20,000 events a minute on two cores and made the runs' p99 range
     * from 1 to 39 s. A running platform has its statistics, so the storm gets them a few seconds
     * in, early in the warm-up (docs/alerting.md, 2026-12-07).
     */
    private static void analyse(DataSource db) {
        try (var c = db.getConnection(); var s = c.createStatement()) {
            s.execute("ANALYZE anomalies, alerts, alert_anomalies, alert_events, notifications");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("ANALYZE early in the warm-up failed", e);
        }
    }

    private Map<String, Object> figures(Result r, WebhookProbe probe, AlertingService alerting, DataSource db) throws Exception {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("machine", no.varde.simulator.bench.BenchRunner.machine());
        f.put("anomaly_events_per_minute_target", perMinute);
        f.put("anomaly_events_sent", r.events());
        f.put("achieved_events_per_minute", Math.round(r.events() / r.seconds() * 60));
        f.put("sms_gateway", down);
        f.put("alerts_opened", r.problems());
        f.put("opened_webhooks_received", probe.openedAlerts());
        f.put("opened_webhooks_duplicated", probe.duplicates());
        f.put("opened_webhooks_timed", r.latency().getTotalCount());
        f.put("p50_ms", AlertBenchReport.ms(r.latency(), 50));
        f.put("p90_ms", AlertBenchReport.ms(r.latency(), 90));
        f.put("p99_ms", AlertBenchReport.ms(r.latency(), 99));
        f.put("p999_ms", AlertBenchReport.ms(r.latency(), 99.9));
        f.put("max_ms", r.latency().getTotalCount() == 0 ? Double.NaN : r.latency().getMaxValue() / 1000.0);
        Map<String, Long> purposes = new LinkedHashMap<>();
        probe.byPurpose().forEach((k, v) -> purposes.put(k, v.get()));
        f.put("webhooks_by_purpose", purposes);
        f.put("sms_attempts_at_gateway", probe.smsRequests());
        f.put("alerting_status", alerting.status());
        try (var c = db.getConnection(); var s = c.createStatement();
             var rs = s.executeQuery("SELECT channel || ':' || status, count(*) FROM notifications GROUP BY 1 ORDER BY 1")) {
            Map<String, Long> outbox = new LinkedHashMap<>();
            while (rs.next()) {
                outbox.put(rs.getString(1), rs.getLong(2));
            }
            f.put("outbox_at_end", outbox);
        }
        f.putAll(split(db, r.measuredFrom()));
        f.put("all_opened_alerts_delivered", r.allDelivered());
        return f;
    }

    /**
     * Where an opened alert's webhook time went, from the outbox rows: event → notification row (the
     * feed and the engine; a row's time is when its report was applied, a little before its batch
     * commits) and row → sent (the channel's queue and the send).
     */
    private static Map<String, Object> split(DataSource db, Instant measuredFrom) throws java.sql.SQLException {
        String sql = """
                SELECT percentile_cont(ARRAY[0.5, 0.99]) WITHIN GROUP (ORDER BY extract(epoch FROM created_at - triggered_at) * 1000),
                       percentile_cont(ARRAY[0.5, 0.99]) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - created_at) * 1000)
                FROM notifications WHERE purpose = 'opened' AND channel = 'hook' AND sent_at IS NOT NULL AND triggered_at >= ?""";
        Map<String, Object> f = new LinkedHashMap<>();
        try (var c = db.getConnection(); var s = c.prepareStatement(sql)) {
            s.setTimestamp(1, java.sql.Timestamp.from(measuredFrom));
            try (var rs = s.executeQuery()) {
                rs.next();
                f.put("event_to_notification_row_ms", percentiles(rs.getArray(1)));
                f.put("notification_row_to_sent_ms", percentiles(rs.getArray(2)));
            }
        }
        return f;
    }

    private static Map<String, Double> percentiles(java.sql.Array values) throws java.sql.SQLException {
        Map<String, Double> out = new LinkedHashMap<>();
        Double[] v = values == null ? new Double[] {Double.NaN, Double.NaN} : (Double[]) values.getArray();
        out.put("p50", v[0]);
        out.put("p99", v[1]);
        return out;
    }

    private static void print(Map<String, Object> f) {
        System.out.println();
        System.out.printf(Locale.ROOT, "Anomaly events: %s sent (%s/min achieved); alerts opened: %s; opened-alert webhooks: %s received, %s duplicated%n",
                f.get("anomaly_events_sent"), f.get("achieved_events_per_minute"), f.get("alerts_opened"), f.get("opened_webhooks_received"),
                f.get("opened_webhooks_duplicated"));
        System.out.printf(Locale.ROOT, "Event -> webhook (%s timed after warm-up): p50 %.1f ms  p90 %.1f ms  p99 %.1f ms  p99.9 %.1f ms  max %.1f ms%n",
                f.get("opened_webhooks_timed"), f.get("p50_ms"), f.get("p90_ms"), f.get("p99_ms"), f.get("p999_ms"), f.get("max_ms"));
        System.out.println("  of which event -> notification row " + f.get("event_to_notification_row_ms") + " ms, row -> sent "
                + f.get("notification_row_to_sent_ms") + " ms (the webhook channel's outbox rows)");
        System.out.println("SMS gateway " + f.get("sms_gateway") + ": " + f.get("sms_attempts_at_gateway") + " attempts reached it; outbox at end "
                + f.get("outbox_at_end"));
        System.out.println("Target p99 < 1000 ms: " + ((double) f.get("p99_ms") < 1000 ? "met" : "NOT met"));
    }

    private static String config(WebhookProbe probe) {
        return """
                timezone: Europe/Oslo
                public_url: http://127.0.0.1:8080
                timing: { group_interval: 1m, resolve_after: 2m, reminder_interval: 30m, tick: 1s }
                people:
                  vakt: { name: Vakt, sms: "+4790000001" }
                rota:
                  water:   { escalate_after: 30m, levels: [ { shifts: [ { people: [vakt] } ] } ] }
                  air:     { escalate_after: 30m, levels: [ { shifts: [ { people: [vakt] } ] } ] }
                  traffic: { escalate_after: 30m, levels: [ { shifts: [ { people: [vakt] } ] } ] }
                channels:
                  sms:   { type: sms, url: "%s", timeout: 10s }
                  hook:  { type: webhook, format: json, url: "%s" }
                  teams: { type: webhook, format: teams, url: "%s" }
                routes:
                  - { name: everything, match: {}, notify: ["oncall:sms", hook, teams] }
                """.formatted(probe.url("/sms"), probe.url("/hook"), probe.url("/teams"));
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private interface Starter<T> {
        T start() throws Exception;
    }

    private static <T> T start(Starter<T> s) {
        try {
            return s.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
