package no.varde.alerting.routing;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import no.varde.model.Domain;
import no.varde.model.anomaly.Severity;

/** Picks the targets of an alert from the ordered routing rules, in local time. */
public final class AlertRouter {
    private final List<Route> routes;
    private final ZoneId zone;

    public AlertRouter(List<Route> routes, ZoneId zone) {
        this.routes = List.copyOf(routes);
        this.zone = zone;
    }

    public List<Route> routes() {
        return routes;
    }

    public List<Target> targets(Domain domain, String alertZone, Severity severity, Instant at) {
        LocalDateTime local = LocalDateTime.ofInstant(at, zone);
        Set<Target> out = new LinkedHashSet<>();
        for (Route r : routes) {
            if (r.matches(domain, alertZone, severity, local)) {
                out.addAll(r.targets());
                if (!r.continueMatching()) {
                    break;
                }
            }
        }
        return new ArrayList<>(out);
    }
}
