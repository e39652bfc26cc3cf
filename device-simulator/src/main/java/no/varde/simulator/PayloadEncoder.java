package no.varde.simulator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import no.varde.model.MetricCatalogue;
import no.varde.model.Reading;
import no.varde.model.senml.SenmlCodec;
import no.varde.simulator.city.Report;

/**
 * Turns a device's report into the SenML it sends, and spoils it the way a bad-data incident
 * says: a value beyond the metric's possible range, a unit Varde does not accept, or a payload
 * cut off mid-record.
 */
final class PayloadEncoder {
    private final SenmlCodec codec = new SenmlCodec();
    private final MetricCatalogue catalogue;

    PayloadEncoder(MetricCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    byte[] encode(String deviceId, Report report) {
        if (report.badData() == null) {
            return codec.encode(deviceId, report.readings());
        }
        List<Reading> readings = new ArrayList<>(report.readings());
        Reading first = readings.get(0);
        switch (report.badData()) {
            case OUT_OF_RANGE -> {
                double beyond = catalogue.find(first.metric()).map(m -> m.max() * 2 + 1).orElse(1e9);
                readings.set(0, new Reading(first.deviceId(), first.metric(), beyond, first.unit(), first.eventTime(), first.receiveTime()));
            }
            case WRONG_UNIT -> {
                String unit = first.metric().equals("water.pressure") ? "psi" : "mV";
                readings.set(0, new Reading(first.deviceId(), first.metric(), first.value(), unit, first.eventTime(), first.receiveTime()));
            }
            case MALFORMED -> {
                byte[] whole = codec.encode(deviceId, readings);
                String text = new String(whole, StandardCharsets.UTF_8);
                return text.substring(0, Math.max(1, text.length() / 2)).getBytes(StandardCharsets.UTF_8);
            }
        }
        return codec.encode(deviceId, readings);
    }
}
