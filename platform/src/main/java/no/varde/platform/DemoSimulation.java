package no.varde.platform;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The simulated town the one-process platform plays.
 *
 * @param scenario  scenario file; null for the built-in town
 * @param devices   devices; 0 or less keeps the scenario's fleets
 * @param interval  every device's report interval; null keeps the scenario's
 * @param gateways  carry the devices over this many gateway connections; 0 connects each device itself
 * @param incidents inject the scenario's incidents (ground truth in the work directory)
 */
public record DemoSimulation(Path scenario, int devices, Duration interval, int gateways, boolean incidents, long seed) {
    public static DemoSimulation builtIn() {
        return new DemoSimulation(null, 0, null, 0, true, 42);
    }
}
