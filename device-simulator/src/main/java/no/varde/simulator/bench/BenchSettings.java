package no.varde.simulator.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import no.varde.simulator.Fleet;
import no.varde.simulator.SimulatedDevice;
import no.varde.simulator.SimulatedGateway;

/**
 * One bench run against a running Varde.
 *
 * @param connections who connects and which devices each one publishes for
 * @param targetRate  messages per second over all connections
 * @param window      QoS 1 messages awaiting PUBACK per connection
 * @param warmup      sent but not measured, so JIT and connection set-up do not colour the figures
 * @param drainLimit  how long to wait after sending for the last readings to be stored
 * @param client      the MQTT client library that publishes
 */
public record BenchSettings(String serverUri, List<Connection> connections, double targetRate, Duration duration, Duration warmup,
                            int window, Database database, Duration drainLimit, BenchClient client) {

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

    /** One connection per gateway with its sensors; without gateways, one per device for the first {@code maxDevices} devices. */
    public static List<Connection> connections(Fleet fleet, int maxDevices) {
        List<Connection> list = new ArrayList<>();
        if (!fleet.gateways().isEmpty()) {
            Map<String, List<String>> byGateway = new LinkedHashMap<>();
            fleet.gateways().forEach(g -> byGateway.put(g.id(), new ArrayList<>()));
            fleet.devices().stream().filter(d -> d.gateway() != null).forEach(d -> byGateway.get(d.gateway()).add(d.id()));
            for (SimulatedGateway g : fleet.gateways()) {
                if (!byGateway.get(g.id()).isEmpty()) {
                    list.add(new Connection(g.id(), g.token(), byGateway.get(g.id()), true));
                }
            }
            return list;
        }
        for (SimulatedDevice d : fleet.devices()) {
            if (d.token() != null && list.size() < maxDevices) {
                list.add(new Connection(d.id(), d.token(), List.of(d.id()), false));
            }
        }
        return list;
    }

    /** Where to read back what was stored. */
    public record Database(String url, String user, String password) {
        @Override
        public String toString() {
            return "Database[" + url + "]";
        }
    }
}
