package no.varde.platform;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import no.varde.simulator.Fleet;
import no.varde.simulator.SimulatedDevice;
import no.varde.simulator.SimulatedGateway;

/**
 * Registers a simulated fleet with a running Varde through its admin API, as an operator would:
 * gateways and self-connecting devices get tokens (a device that exists already gets a new one,
 * the old one stays valid for the default grace period); sensors behind a gateway need none.
 */
final class FleetRegistration {
    private final AdminApiClient admin;

    FleetRegistration(AdminApiClient admin) {
        this.admin = admin;
    }

    /** {@code plan} with the tokens the server issued in place of its placeholders. */
    Fleet register(Fleet plan, java.util.function.IntConsumer progress) throws IOException, InterruptedException {
        List<SimulatedGateway> gateways = new ArrayList<>();
        for (SimulatedGateway g : plan.gateways()) {
            gateways.add(new SimulatedGateway(g.id(), tokenFor(new JsonObject().put("id", g.id()).put("kind", "gateway"))));
        }
        List<SimulatedDevice> devices = new ArrayList<>();
        int n = 0;
        for (SimulatedDevice d : plan.devices()) {
            JsonObject body = new JsonObject().put("id", d.id()).put("kind", d.kind().id()).put("zone", d.zone()).put("model", "varde-simulator");
            if (d.gateway() != null) {
                created(body.put("gateway", d.gateway()));
                devices.add(d);
            } else {
                devices.add(new SimulatedDevice(d.id(), d.kind(), d.zone(), tokenFor(body)));
            }
            if (++n % 500 == 0) {
                progress.accept(n);
            }
        }
        return new Fleet(devices, gateways);
    }

    private String tokenFor(JsonObject device) throws IOException, InterruptedException {
        JsonObject response = created(device);
        if (response != null) {
            return response.getString("token");
        }
        return admin.call("POST", "/api/v1/admin/devices/" + device.getString("id") + "/tokens", null, null).getString("token");
    }

    /** The creation response, or null when the device exists already. */
    private JsonObject created(JsonObject device) throws IOException, InterruptedException {
        try {
            return admin.call("POST", "/api/v1/admin/devices", "application/json", device.encode());
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("HTTP 409")) {
                return null;
            }
            throw e;
        }
    }
}
