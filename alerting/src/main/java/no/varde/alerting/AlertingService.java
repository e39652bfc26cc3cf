package no.varde.alerting;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import no.varde.alerting.channel.Channel;
import no.varde.alerting.channel.FileChannel;
import no.varde.alerting.channel.SmsGatewayChannel;
import no.varde.alerting.channel.SmtpChannel;
import no.varde.alerting.channel.WebhookChannel;
import no.varde.alerting.config.AlertingConfig;
import no.varde.alerting.config.ChannelSettings;
import no.varde.alerting.http.AlertingRoutes;
import no.varde.alerting.lifecycle.AlertActions;
import no.varde.alerting.lifecycle.AlertClock;
import no.varde.alerting.lifecycle.AlertEngine;
import no.varde.alerting.lifecycle.AlertStore;
import no.varde.alerting.lifecycle.Notifier;
import no.varde.alerting.message.AlertMessages;
import no.varde.alerting.outbox.Dispatcher;
import no.varde.alerting.outbox.Outbox;
import no.varde.alerting.residents.AddressVault;
import no.varde.alerting.residents.ResidentWarnings;
import no.varde.alerting.residents.Secrets;
import no.varde.alerting.residents.SignedLinks;
import no.varde.alerting.residents.SubscriptionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alerting as one unit: the anomaly feed from Kafka, the lifecycle clock, the outbox dispatcher
 * with a worker per channel, and the HTTP API ({@link #router}). The one-process platform starts
 * it beside the other parts; {@code varde alerting} runs it as its own service. Several instances
 * may share a database: the feed splits Kafka partitions, the outbox is claimed with SKIP LOCKED,
 * and alert changes lock their rows.
 */
public final class AlertingService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertingService.class);

    /**
     * @param kafkaBootstrap null to run without the feed (API and delivery only)
     * @param baseDir        where relative file-channel paths point
     * @param publicUrl      overrides the configuration's public_url (null: use it)
     */
    public record Options(String kafkaBootstrap, String topic, String groupId, String secret, Path baseDir, Clock clock,
                          java.util.function.Supplier<String> publicUrl) {
        public static final String DEFAULT_GROUP = "varde-alerting";

        public Options(String kafkaBootstrap, String topic, String groupId, String secret, Path baseDir, Clock clock) {
            this(kafkaBootstrap, topic, groupId, secret, baseDir, clock, null);
        }
    }

    private final AlertingConfig config;
    private final DataSource db;
    private final Outbox outbox;
    private final SubscriptionStore subscriptions;
    private final SignedLinks links;
    private final AlertStore store = new AlertStore();
    private final AlertActions actions;
    private final ResidentWarnings residents;
    private final AlertClock alertClock;
    private final AlertEngine engine;
    private final Dispatcher dispatcher;
    private final Map<String, Channel> channels = new LinkedHashMap<>();
    private final AnomalyFeed feed;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "varde-alerting-clock");
        t.setDaemon(true);
        return t;
    });

    private final com.zaxxer.hikari.HikariDataSource pool;

    private AlertingService(AlertingConfig config, DataSource database, Vertx vertx, Options options) {
        this.config = config;
        this.pool = pool(database);
        DataSource db = pool;
        this.db = db;
        Secrets secrets = new Secrets(options.secret());
        this.outbox = new Outbox(db);
        this.subscriptions = new SubscriptionStore(db, new AddressVault(secrets));
        this.links = new SignedLinks(secrets, options.publicUrl() != null ? options.publicUrl() : config::publicUrl);
        Notifier notifier = new Notifier(config, outbox, new AlertMessages(store, config.timezone(), config.dashboardUrl()), store);
        this.residents = new ResidentWarnings(config.residents(), subscriptions, outbox, config.timezone());
        this.actions = new AlertActions(db, store, notifier, residents, outbox, options.clock());
        this.alertClock = new AlertClock(db, store, notifier, actions, config, options.clock());
        this.engine = new AlertEngine(db, store, notifier, options.clock());
        config.channels().values().forEach(s -> channels.put(s.name(), channel(s, vertx, options.baseDir())));
        this.dispatcher = new Dispatcher(db, channels, config, outbox, subscriptions, links, options.clock());
        this.feed = options.kafkaBootstrap() == null ? null
                : new AnomalyFeed(options.kafkaBootstrap(), options.topic(), options.groupId(), engine, db);
    }

    /** Feed, clock, API and one worker per channel (one connection held for LISTEN) share a small pool. */
    private static com.zaxxer.hikari.HikariDataSource pool(DataSource database) {
        com.zaxxer.hikari.HikariConfig c = new com.zaxxer.hikari.HikariConfig();
        c.setDataSource(database);
        c.setPoolName("varde-alerting");
        c.setMaximumPoolSize(10);
        c.setMinimumIdle(2);
        c.setConnectionTimeout(10_000);
        return new com.zaxxer.hikari.HikariDataSource(c);
    }

    public static AlertingService start(AlertingConfig config, DataSource db, Vertx vertx, Options options) {
        AlertingService s = new AlertingService(config, db, vertx, options);
        s.dispatcher.start();
        long tick = config.timing().tick().toMillis();
        s.ticker.scheduleWithFixedDelay(s::tick, tick, tick, TimeUnit.MILLISECONDS);
        if (s.feed != null) {
            s.feed.start();
        }
        for (no.varde.model.Domain d : no.varde.model.Domain.values()) {
            if (config.rota().levels(d) == 0) {
                LOG.warn("No on-call rota for {}: its alerts reach only fixed channels", d.id());
            } else if (!config.rota().gaps(d, 0).isEmpty()) {
                LOG.warn("No one is on call for {} at the first level on {}", d.id(), config.rota().gaps(d, 0));
            }
        }
        LOG.info("Alerting started: channels {}, {} routes", s.channels.keySet(), config.router().routes().size());
        return s;
    }

    private void tick() {
        try {
            alertClock.tick();
        } catch (Exception e) {
            LOG.warn("Alert clock tick failed: {}", e.getMessage());
        }
    }

    private static Channel channel(ChannelSettings s, Vertx vertx, Path baseDir) {
        return switch (s.type()) {
            case "smtp" -> new SmtpChannel(s, vertx);
            case "sms" -> new SmsGatewayChannel(s);
            case "webhook" -> new WebhookChannel(s);
            case "file" -> new FileChannel(s, baseDir);
            default -> throw new IllegalArgumentException("unknown channel type " + s.type());
        };
    }

    /** The alerting HTTP API and signed-link pages, to mount on a server. */
    public Router router(Vertx vertx, String adminToken) {
        return routes(vertx, adminToken).router();
    }

    /** Adds the API and pages to an existing router (the platform's one HTTP server). */
    public void mount(Router router, Vertx vertx, String adminToken) {
        routes(vertx, adminToken).mount(router);
    }

    private AlertingRoutes routes(Vertx vertx, String adminToken) {
        return new AlertingRoutes(vertx, db, store, actions, outbox, subscriptions, links, this::status, adminToken);
    }

    public Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        if (feed != null) {
            s.put("anomalies_processed", feed.processed());
            s.put("anomalies_rejected", feed.rejected());
        }
        Map<String, Object> delivery = new LinkedHashMap<>();
        dispatcher.counts().forEach((name, c) -> delivery.put(name, Map.of("sent", c[0], "failed_attempts", c[1])));
        s.put("channels_since_start", delivery);
        return s;
    }

    public AlertActions actions() {
        return actions;
    }

    public AlertClock clock() {
        return alertClock;
    }

    public AlertEngine engine() {
        return engine;
    }

    /** Reads of alerts, their anomalies and audit trail (the console's pages). */
    public AlertStore store() {
        return store;
    }

    /** The database alerting writes to (the pool it was given, or its own). */
    public DataSource database() {
        return db;
    }

    public ResidentWarnings residents() {
        return residents;
    }

    public AlertingConfig config() {
        return config;
    }

    public SubscriptionStore subscriptions() {
        return subscriptions;
    }

    public Outbox outbox() {
        return outbox;
    }

    public SignedLinks links() {
        return links;
    }

    @Override
    public void close() {
        if (feed != null) {
            feed.close();
        }
        ticker.shutdownNow();
        dispatcher.close();
        channels.values().forEach(Channel::close);
        pool.close();
    }
}
