package no.varde.simulator.link;

import java.util.function.Consumer;

/**
 * The little a link needs from an MQTT client, so one link drives Paho's v3 and v5 clients alike.
 * Callbacks arrive on Paho's threads.
 */
interface PahoClient {
    /** Connects; exactly one of the callbacks runs. */
    void connect(Runnable connected, Consumer<Throwable> failed);

    /** Publishes at QoS 1; {@code acked} gets the PUBACK reason code (0 for v3), {@code failed} any error. */
    void publish(String topic, byte[] payload, java.util.function.IntConsumer acked, Consumer<Throwable> failed) throws Exception;

    /** Called when an established connection drops. */
    void onConnectionLost(Consumer<Throwable> handler);

    boolean isConnected();

    void close();
}
