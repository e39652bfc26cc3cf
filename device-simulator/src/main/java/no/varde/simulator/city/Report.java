package no.varde.simulator.city;

import java.util.List;
import no.varde.model.Reading;
import no.varde.simulator.incident.BadDataVariant;

/**
 * What one device sends at one tick: its readings, nothing (it is silent), or readings that a
 * bad-data incident spoils in the given way.
 */
public record Report(List<Reading> readings, boolean silent, BadDataVariant badData) {
    public static Report silence() {
        return new Report(List.of(), true, null);
    }
}
