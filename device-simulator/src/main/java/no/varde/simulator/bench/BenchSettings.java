package no.varde.simulator.bench;

import java.time.Duration;
import java.util.List;

/**
 * One bench run against a running Varde.
 *
 * @param connections who connects and which devices each one publishes for
 * @param targetRate  messages per second over all connections
 * @param window      QoS 1 messages awaiting PUBACK per connection
 * @param warmup      sent but not measured, so JIT and connection set-up do not colour the figures
 * @param drainLimit  how long to wait after sending for the last readings to be stored
 */
public record BenchSettings(String serverUri, List<Connection> connections, double targetRate, Duration duration, Duration warmup,
                            int window, Database database, Duration drainLimit) {

    /** A connection's credentials, the devices it reports for, and whether it publishes as a gateway. */
    public record Connection(String user, String password, List<String> devices, boolean gateway) {
        public String topic(String device) {
            return gateway ? "gateways/" + user + "/sensors/" + device + "/telemetry" : "sensors/" + device + "/telemetry";
        }

        @Override
        public String toString() {
            return "Connection[" + user + ", " + devices.size() + " devices]";
        }
    }

    /** Where to read back what was stored. */
    public record Database(String url, String user, String password) {
        @Override
        public String toString() {
            return "Database[" + url + "]";
        }
    }
}
