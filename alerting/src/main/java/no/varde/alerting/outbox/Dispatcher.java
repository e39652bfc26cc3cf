package no.varde.alerting.outbox;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import no.varde.alerting.channel.Channel;
import no.varde.alerting.config.AlertingConfig;
import no.varde.alerting.residents.SignedLinks;
import no.varde.alerting.residents.SubscriptionStore;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link ChannelWorker} per channel and a listener that wakes the right worker when
 * PostgreSQL reports a new outbox row ({@code LISTEN varde_outbox}), whichever process wrote it.
 */
public final class Dispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final DataSource db;
    private final Map<String, ChannelWorker> workers = new LinkedHashMap<>();
    private final Map<String, Thread> threads = new LinkedHashMap<>();
    private final Thread listener;
    private volatile boolean running = true;

    public Dispatcher(DataSource db, Map<String, Channel> channels, AlertingConfig config, Outbox outbox, SubscriptionStore subscriptions,
                      SignedLinks links, Clock clock) {
        this.db = db;
        channels.forEach((name, channel) -> workers.put(name, new ChannelWorker(channel, config.channels().get(name), outbox,
                config.rota(), subscriptions, links, config.timing().ackLinkValidity(), clock)));
        this.listener = new Thread(this::listen, "varde-outbox-listen");
        this.listener.setDaemon(true);
    }

    public void start() {
        workers.forEach((name, worker) -> {
            Thread t = new Thread(worker, "varde-channel-" + name);
            t.setDaemon(true);
            threads.put(name, t);
            t.start();
        });
        listener.start();
    }

    /** Deliveries that went through and attempts that failed, per channel since start. */
    public Map<String, long[]> counts() {
        Map<String, long[]> out = new LinkedHashMap<>();
        workers.forEach((name, w) -> out.put(name, new long[] {w.sent(), w.failedAttempts()}));
        return out;
    }

    private void listen() {
        long backoff = 500;
        while (running) {
            try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
                s.execute("LISTEN " + Outbox.NOTIFY_CHANNEL);
                PGConnection pg = c.unwrap(PGConnection.class);
                backoff = 500;
                workers.values().forEach(ChannelWorker::wake);   // anything written while we were not listening
                while (running) {
                    PGNotification[] notes = pg.getNotifications(1_000);
                    if (notes == null) {
                        continue;
                    }
                    for (PGNotification n : notes) {
                        ChannelWorker w = workers.get(n.getParameter());
                        if (w != null) {
                            w.wake();
                        }
                    }
                }
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                LOG.warn("Outbox listener lost its connection ({}); workers poll every second meanwhile", e.getMessage());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = Math.min(backoff * 2, 30_000);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        workers.values().forEach(ChannelWorker::stop);
        for (Thread t : threads.values()) {
            try {
                t.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        listener.interrupt();
    }
}
