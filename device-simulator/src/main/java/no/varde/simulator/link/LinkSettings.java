package no.varde.simulator.link;

import java.time.Duration;
import javax.net.ssl.SSLSocketFactory;

/**
 * How simulated devices connect: the server, protocol version, TLS trust, how many QoS 1
 * messages may wait for a PUBACK, how many a device keeps while it cannot send (store and
 * forward, bounded), and the reconnect backoff.
 */
public record LinkSettings(String serverUri, MqttVersion version, SSLSocketFactory tls, int maxInFlight, int bufferCapacity,
                           Duration minBackoff, Duration maxBackoff) {

    public static LinkSettings defaults(String serverUri) {
        return new LinkSettings(serverUri, MqttVersion.V5, null, 32, 1_000, Duration.ofMillis(500), Duration.ofSeconds(30));
    }

    public LinkSettings withVersion(MqttVersion v) {
        return new LinkSettings(serverUri, v, tls, maxInFlight, bufferCapacity, minBackoff, maxBackoff);
    }

    public LinkSettings withTls(SSLSocketFactory factory) {
        return new LinkSettings(serverUri, version, factory, maxInFlight, bufferCapacity, minBackoff, maxBackoff);
    }

    public LinkSettings withBuffer(int capacity, int inFlight) {
        return new LinkSettings(serverUri, version, tls, inFlight, capacity, minBackoff, maxBackoff);
    }

    public LinkSettings withBackoff(Duration min, Duration max) {
        return new LinkSettings(serverUri, version, tls, maxInFlight, bufferCapacity, min, max);
    }
}
