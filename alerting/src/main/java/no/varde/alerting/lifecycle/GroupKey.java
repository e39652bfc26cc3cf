package no.varde.alerting.lifecycle;

import no.varde.model.anomaly.Anomaly;
import no.varde.model.anomaly.AnomalyKind;

/**
 * What makes anomalies "the same problem": domain, zone and kind, and for the per-series kinds
 * also the metric. Forty devices of zone Nord falling silent share one key (one alert, one grouped
 * message with the count); low pressure and a leak in the same zone stay two alerts, because the
 * engineer acts on them differently.
 */
public final class GroupKey {
    private GroupKey() {
    }

    public static String of(Anomaly a) {
        String zone = a.zone() == null ? "-" : a.zone();
        boolean perMetric = a.kind() == AnomalyKind.LIMIT || a.kind() == AnomalyKind.STATISTICAL || a.kind() == AnomalyKind.SPIKE
                || a.kind() == AnomalyKind.FLATLINE || a.kind() == AnomalyKind.DRIFT;
        return a.domain().id() + "/" + zone + "/" + a.kind().id() + (perMetric && a.metric() != null ? "/" + a.metric() : "");
    }
}
