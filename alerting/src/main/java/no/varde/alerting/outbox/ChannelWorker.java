package no.varde.alerting.outbox;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import no.varde.alerting.channel.Channel;
import no.varde.alerting.channel.Delivery;
import no.varde.alerting.channel.DeliveryException;
import no.varde.alerting.config.ChannelSettings;
import no.varde.alerting.config.RetryPolicy;
import no.varde.alerting.residents.SignedLinks;
import no.varde.alerting.residents.SubscriptionStore;
import no.varde.alerting.rota.OnCallRota;
import no.varde.alerting.rota.Person;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one channel's notifications on its own thread, so a channel that hangs or fails only
 * delays itself: claim up to {@code concurrency} due rows, send them in parallel (each bounded by
 * the channel's time-out), record each outcome, repeat. It sleeps until woken by a NOTIFY or for at
 * most a second. Failed deliveries come back after the retry policy's backoff.
 */
final class ChannelWorker implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelWorker.class);
    private static final Duration IDLE_POLL = Duration.ofSeconds(1);

    private final Channel channel;
    private final ChannelSettings settings;
    private final Outbox outbox;
    private final OnCallRota rota;
    private final SubscriptionStore subscriptions;
    private final SignedLinks links;
    private final Duration ackLinkValidity;
    private final Clock clock;
    private final Semaphore wake = new Semaphore(0);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private volatile boolean running = true;

    ChannelWorker(Channel channel, ChannelSettings settings, Outbox outbox, OnCallRota rota, SubscriptionStore subscriptions,
                  SignedLinks links, Duration ackLinkValidity, Clock clock) {
        this.channel = channel;
        this.settings = settings;
        this.outbox = outbox;
        this.rota = rota;
        this.subscriptions = subscriptions;
        this.links = links;
        this.ackLinkValidity = ackLinkValidity;
        this.clock = clock;
    }

    void wake() {
        wake.release();
    }

    void stop() {
        running = false;
        wake.release();
    }

    long sent() {
        return sent.get();
    }

    long failedAttempts() {
        return failedAttempts.get();
    }

    @Override
    public void run() {
        Duration lease = settings.timeout().multipliedBy(2).plusSeconds(5);
        long backoffMs = 500;
        while (running) {
            try {
                List<Notification> batch = outbox.claim(channel.name(), settings.concurrency(), lease, clock.instant());
                backoffMs = 500;
                if (batch.isEmpty()) {
                    wake.tryAcquire(IDLE_POLL.toMillis(), TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                    continue;
                }
                deliver(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                // The database is away: keep the rows (they are leased, and come back when the lease runs out) and wait.
                LOG.warn("Channel {}: outbox unavailable ({}); retrying in {} ms", channel.name(), e.getMessage(), backoffMs);
                sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, 30_000);
            }
        }
    }

    private void deliver(List<Notification> batch) throws SQLException, InterruptedException {
        List<CompletableFuture<Throwable>> results = new ArrayList<>();
        for (Notification n : batch) {
            CompletableFuture<Void> sending;
            try {
                Delivery d = prepare(n);
                if (d == null) {
                    results.add(null);   // cancelled, and recorded so: neither sent nor failed
                    continue;
                }
                sending = channel.send(d);
            } catch (DeliveryException e) {
                sending = CompletableFuture.failedFuture(e);
            }
            results.add(sending.orTimeout(settings.timeout().toMillis() + 2_000, TimeUnit.MILLISECONDS)
                    .handle((ok, failure) -> failure));
        }
        for (int i = 0; i < batch.size(); i++) {
            if (results.get(i) == null) {
                continue;
            }
            Throwable failure;
            try {
                failure = results.get(i).get();
            } catch (java.util.concurrent.ExecutionException e) {
                failure = e.getCause();
            }
            record(batch.get(i), failure);
        }
    }

    /** Null when the notification is cancelled instead (a resident who unsubscribed meanwhile). */
    private Delivery prepare(Notification n) throws SQLException {
        String address = null;
        String ackUrl = null;
        String unsubscribeUrl = null;
        if (n.forResident()) {
            UUID id = n.subscriptionId();
            java.util.Optional<String> found = id == null ? java.util.Optional.empty() : subscriptions.address(id);
            if (found.isEmpty()) {
                outbox.cancelled(n, "the resident unsubscribed");
                return null;
            }
            address = found.get();
            unsubscribeUrl = links.unsubscribeUrl(id);
        } else {
            String personId = n.personId();
            if (personId != null) {
                Person p = rota.person(personId).orElseThrow(() -> new DeliveryException("'" + personId + "' is no longer in the rota", true));
                address = p.address("smtp".equals(channel.type()) ? "email" : channel.type());
            }
            if (n.alertId() != null && !"resolved".equals(n.purpose())) {
                ackUrl = links.acknowledgeUrl(n.alertId(), personId != null ? personId : "channel:" + channel.name(),
                        clock.instant().plus(ackLinkValidity));
            }
        }
        return new Delivery(n, address, ackUrl, unsubscribeUrl);
    }

    private void record(Notification n, Throwable failure) throws SQLException {
        Instant now = clock.instant();
        if (failure == null) {
            outbox.sent(n, now);
            sent.incrementAndGet();
            LOG.debug("Notification {} ({}) sent through {} to {}", n.id(), n.purpose(), channel.name(), who(n));
            return;
        }
        failedAttempts.incrementAndGet();
        while (failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null) {
            failure = failure.getCause();
        }
        String reason = failure instanceof DeliveryException d ? d.getMessage()
                : failure instanceof java.util.concurrent.TimeoutException ? "no answer within " + settings.timeout().toSeconds() + " s"
                : failure.getClass().getSimpleName();
        boolean permanent = failure instanceof DeliveryException d && d.permanent();
        RetryPolicy retry = settings.retry();
        boolean giveUp = permanent || n.attempts() >= retry.maxAttempts() || n.createdAt().plus(retry.giveUpAfter()).isBefore(now);
        if (giveUp) {
            outbox.failed(n, reason, now);
            LOG.error("Notification {} ({}) to {} through {} failed for good after {} attempt(s): {}", n.id(), n.purpose(), who(n),
                    channel.name(), n.attempts(), reason);
        } else {
            Duration wait = retry.backoff(n.attempts());
            outbox.retryAt(n, now.plus(wait), reason);
            LOG.warn("Notification {} ({}) through {}: attempt {} failed ({}); next in {} ms", n.id(), n.purpose(), channel.name(),
                    n.attempts(), reason, wait.toMillis());
        }
    }

    /** For logs: a person's id or "resident", never an address. */
    private static String who(Notification n) {
        return n.forResident() ? "a resident" : n.recipient();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
