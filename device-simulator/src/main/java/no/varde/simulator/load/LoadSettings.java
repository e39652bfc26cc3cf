package no.varde.simulator.load;

import java.time.Duration;
import java.util.List;

/**
 * One load run: which server, which identities, how many connections, how hard.
 *
 * @param identities  user/password pairs, one per connection (cycled); a null password connects anonymously
 * @param window      QoS 1 messages in flight per connection (the closed-loop "as fast as acks allow" knob)
 * @param targetRate  messages per second over all connections; 0 means as fast as acknowledgements allow
 */
public record LoadSettings(String serverUri, List<Identity> identities, int connections, int window, double targetRate,
                           Duration duration, Duration warmup) {

    /** Who a connection is, and the topic it publishes on. */
    public record Identity(String user, String password, String topic) {
        @Override
        public String toString() {
            return "Identity[" + user + ", " + topic + "]";
        }
    }
}
