package no.varde.simulator.bench;

import java.util.Locale;

/** The MQTT client library the bench's generator publishes with. */
public enum BenchClient {
    /** Vert.x's MQTT client on at most two event loops (the default: the cheaper one per message). */
    VERTX,
    /** Eclipse Paho v3, three threads per connection (the generator of the bench's figures before 2026-12-05). */
    PAHO;

    public static BenchClient parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown bench client '" + text + "': vertx or paho");
        }
    }
}
