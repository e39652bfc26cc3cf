package no.varde.simulator.link;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import no.varde.simulator.Fleet;
import no.varde.simulator.SimulatedDevice;
import no.varde.simulator.SimulatedGateway;

/**
 * The connections of a whole fleet: one per device that has its own credentials, one per gateway
 * for the sensors behind it. Routes each device's message to its connection and topic
 * ({@code sensors/{id}/telemetry}, or {@code gateways/{gw}/sensors/{id}/telemetry}).
 */
public final class FleetLinks implements AutoCloseable {
    private record Route(MqttLink link, String topic) {
    }

    private final Map<String, Route> routes = new HashMap<>();
    private final Map<String, MqttLink> links = new LinkedHashMap<>();
    private final LinkStats stats = new LinkStats();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "varde-sim-reconnect");
        t.setDaemon(true);
        return t;
    });

    public FleetLinks(Fleet fleet, LinkSettings settings) {
        String run = Long.toString(System.nanoTime() % 1_000_000, 36);
        for (SimulatedGateway g : fleet.gateways()) {
            links.put(g.id(), new MqttLink(settings, "sim-" + g.id() + "-" + run, g.id(), g.token(), stats, timer));
        }
        for (SimulatedDevice d : fleet.devices()) {
            if (d.gateway() != null) {
                MqttLink link = links.get(d.gateway());
                if (link == null) {
                    throw new IllegalArgumentException(d.id() + " reports through gateway " + d.gateway() + ", which is not in the fleet");
                }
                routes.put(d.id(), new Route(link, "gateways/" + d.gateway() + "/sensors/" + d.id() + "/telemetry"));
            } else {
                MqttLink link = new MqttLink(settings, "sim-" + d.id() + "-" + run, d.id(), d.token(), stats, timer);
                links.put(d.id(), link);
                routes.put(d.id(), new Route(link, "sensors/" + d.id() + "/telemetry"));
            }
        }
    }

    public void start() {
        links.values().forEach(MqttLink::start);
    }

    /** False when the device is unknown or its connection's buffer is full (counted). */
    public boolean send(String deviceId, byte[] payload) {
        Route route = routes.get(deviceId);
        return route != null && route.link().send(route.topic(), payload);
    }

    public boolean knows(String deviceId) {
        return routes.containsKey(deviceId);
    }

    public LinkStats stats() {
        return stats;
    }

    public long connectedCount() {
        return links.values().stream().filter(MqttLink::connected).count();
    }

    public int connectionCount() {
        return links.size();
    }

    /** Messages waiting in buffers or for a PUBACK, over all connections. */
    public long backlog() {
        return links.values().stream().mapToLong(MqttLink::backlog).sum();
    }

    @Override
    public void close() {
        links.values().parallelStream().forEach(MqttLink::close);
        timer.shutdownNow();
    }
}
