package no.varde.alerting.lifecycle;

import no.varde.model.anomaly.Anomaly;

/** The headline of an alert, from what its first anomaly is about. */
final class Titles {
    private Titles() {
    }

    static String of(Anomaly a) {
        // "water.reservoir_level" reads "reservoir level": the domain is said at the end.
        String metric = a.metric() == null ? "" : a.metric().substring(a.metric().indexOf('.') + 1).replace('_', ' ');
        String what = switch (a.kind()) {
            case LIMIT -> "Limit exceeded: " + metric;
            case STATISTICAL -> "Unusual " + metric;
            case SPIKE -> "Spike in " + metric;
            case FLATLINE -> "Stuck sensor: " + metric;
            case DRIFT -> "Sensor drift: " + metric;
            case SILENCE -> a.metric() == null ? "Devices silent" : "No " + metric + " readings";
            case LEAK -> "Possible leak or burst main";
            case TRAFFIC_INCIDENT -> "Traffic incident";
            case POLLUTION_EPISODE -> "Pollution episode";
        };
        return what + (a.zone() == null ? "" : " in zone " + a.zone()) + " (" + a.domain().id() + ")";
    }
}
