package no.varde.alerting.channel;

import java.util.concurrent.CompletableFuture;

/** A way to reach people: e-mail, SMS gateway, webhook or file. Completes exceptionally with {@link DeliveryException}. */
public interface Channel extends AutoCloseable {
    String name();

    /** "smtp", "sms", "webhook" or "file". */
    String type();

    CompletableFuture<Void> send(Delivery delivery);

    @Override
    default void close() {
    }
}
