package no.varde.streamjobs;

import no.varde.model.Reading;
import no.varde.streamjobs.rollup.Rollup;
import org.apache.flink.api.java.functions.KeySelector;

/** The key of a series, device and metric, for keyed windows and state. */
public final class SeriesKeys {
    private SeriesKeys() {
    }

    static String of(String deviceId, String metric) {
        // NUL cannot occur in device ids or metric names, so the key is unambiguous.
        return deviceId + '\u0000' + metric;
    }

    public static final class OfReading implements KeySelector<Reading, String> {
        @Override
        public String getKey(Reading reading) {
            return of(reading.deviceId(), reading.metric());
        }
    }

    public static final class OfRollup implements KeySelector<Rollup, String> {
        @Override
        public String getKey(Rollup rollup) {
            return of(rollup.deviceId(), rollup.metric());
        }
    }
}
