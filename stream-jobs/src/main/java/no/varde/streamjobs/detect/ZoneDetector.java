package no.varde.streamjobs.detect;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import no.varde.model.Domain;
import no.varde.model.anomaly.Anomaly;
import no.varde.model.anomaly.AnomalyKind;
import no.varde.model.anomaly.Severity;

/**
 * Anomalies no single series shows, from the notable {@link Assessment}s of one zone (or, for
 * water, of the whole town, so a leak can be told from a town-wide surge in demand):
 * <ul>
 *   <li>leak: flow above normal together with pressure below normal in the zone, while most other
 *       zones' flow is not (the same signature everywhere at once is the town using more water:
 *       a hot evening, a holiday, a clock change, not a burst main);</li>
 *   <li>traffic incident: speed below normal with occupancy above normal at one counting site;</li>
 *   <li>pollution episode: several pollutants above normal at the zone's air stations (at least two
 *       stations where the zone has two or more).</li>
 * </ul>
 * Remembers only the latest notable assessment per series of the zone, for {@value #MEMORY_MILLIS}
 * ms: state is bounded by the zone's sensors.
 */
public final class ZoneDetector implements Serializable {
    /** Signs of the same incident must be this close in time. */
    static final long MEMORY_MILLIS = 10 * 60_000L;
    /** "Above/below normal" in usual forecast errors. */
    static final double LEAK_FLOW = 3;
    static final double LEAK_PRESSURE = 3;
    /** One pressure sensor alone must fall this far; two or more falling together need only {@link #LEAK_PRESSURE}. */
    static final double LEAK_PRESSURE_ALONE = 6;
    static final double TRAFFIC = 5;
    static final double POLLUTION = 3;
    /** A leak that turns out to be town-wide within this long is withdrawn. */
    static final long WITHDRAW_WITHIN_MILLIS = 3 * 60_000L;
    /**
     * Signs are changes (onsets), so an incident shows them for minutes, not for as long as it
     * lasts: it is closed by the reverse change (flow down with pressure up: repaired; speed up
     * with occupancy down: cleared), or after this long without any sign.
     */
    static final long CLOSE_AFTER_MILLIS = 3 * 3_600_000L;

    /** A leak needs flow to stand out: at most this share of the other metered zones may be elevated too. */
    static final double TOWN_WIDE_SHARE = 0.5;

    private final int airStations;
    private final Map<String, Assessment> recent = new HashMap<>();
    private final Map<String, Anomaly> open = new HashMap<>();
    private final Map<String, Long> lastSign = new HashMap<>();
    /** Zones whose flow has ever been assessed here (the town's metered zones, for the town-wide check). */
    private final java.util.Set<String> meteredZones = new java.util.HashSet<>();

    /** @param airStations the number of air stations in the zone (0 for the town-wide water scope) */
    public ZoneDetector(int airStations) {
        this.airStations = airStations;
    }

    public void accept(Assessment a, Consumer<Anomaly> out) {
        String key = a.series().deviceId() + '/' + a.series().metric();
        if (a.series().metric().equals("water.flow") && a.series().zone() != null) {
            meteredZones.add(a.series().zone());
        }
        if (Math.abs(a.deviation()) >= SeriesDetector.NOTABLE_DEVIATION) {
            recent.put(key, a);
        } else {
            recent.remove(key);
        }
        long now = a.eventMillis();
        recent.values().removeIf(old -> now - old.eventMillis() > MEMORY_MILLIS);
        String zone = a.series().zone();
        switch (a.series().domain()) {
            case WATER -> checkLeak(zone, now, out);
            case TRAFFIC -> checkTraffic(zone, a.series().deviceId(), now, out);
            case AIR -> checkPollution(zone, now, out);
        }
        closeQuiet(now, out);
    }

    /** Event time has reached {@code now}: closes what has shown no sign for a while. */
    public void closeQuiet(long now, Consumer<Anomaly> out) {
        List<String> done = new ArrayList<>();
        for (Map.Entry<String, Anomaly> e : open.entrySet()) {
            if (now - lastSign.getOrDefault(e.getKey(), now) >= CLOSE_AFTER_MILLIS) {
                out.accept(e.getValue().close(Instant.ofEpochMilli(lastSign.get(e.getKey())),
                        e.getValue().explanation() + "; no sign of it since " + Instant.ofEpochMilli(lastSign.get(e.getKey()))));
                done.add(e.getKey());
            }
        }
        done.forEach(k -> {
            open.remove(k);
            lastSign.remove(k);
        });
        recent.values().removeIf(old -> now - old.eventMillis() > MEMORY_MILLIS);
    }

    private void closeNow(String key, long now, String why, Consumer<Anomaly> out) {
        Anomaly a = open.remove(key);
        lastSign.remove(key);
        out.accept(a.close(Instant.ofEpochMilli(now), a.explanation() + "; " + why));
    }

    /** The earliest time {@link #closeQuiet} could close something, or Long.MAX_VALUE. */
    public long nextCloseTime() {
        return lastSign.values().stream().mapToLong(t -> t + CLOSE_AFTER_MILLIS).min().orElse(Long.MAX_VALUE);
    }

    /** Nothing worth keeping (the town-wide water scope keeps its list of metered zones). */
    public boolean isEmpty() {
        return recent.isEmpty() && open.isEmpty() && meteredZones.isEmpty();
    }

    private void checkLeak(String zone, long now, Consumer<Anomaly> out) {
        Assessment flow = strongest(zone, "water.flow", true, LEAK_FLOW, null);
        Assessment pressure = strongest(zone, "water.pressure", false, LEAK_PRESSURE, null);
        // Pressure falls across a zone when a main bursts; one logger alone falling a little is more likely local.
        boolean pressureFalls = pressure != null
                && (pressure.below(LEAK_PRESSURE_ALONE) || count(zone, "water.pressure", false, LEAK_PRESSURE) >= 2);
        Anomaly leak = open.get(zone + "/leak");
        if (leak != null && strongest(zone, "water.flow", false, LEAK_FLOW, null) != null
                && strongest(zone, "water.pressure", true, LEAK_PRESSURE, null) != null) {
            closeNow(zone + "/leak", now, "flow fell and pressure rose again: repaired or isolated", out);
            return;
        }
        // Zones' readings of one minute arrive one after another, so a town-wide surge can look like a
        // leak in the first zone heard from; when most other zones follow within minutes, it is withdrawn.
        if (leak != null && now - leak.startedAt().toEpochMilli() <= WITHDRAW_WITHIN_MILLIS && townWide(zone)) {
            closeNow(zone + "/leak", now, "withdrawn: most other zones changed the same way at the same time, "
                    + "which is the town's demand, not a burst", out);
            return;
        }
        if (flow == null || !pressureFalls || townWide(zone)) {
            return;
        }
        double rise = flow.before() == 0 ? 0 : (flow.value() - flow.before()) / Math.abs(flow.before());
        String text = "pressure in zone " + zone + " fell from " + Phrases.number(pressure.before()) + " to "
                + Phrases.value(pressure.value(), pressure.series().unit()) + " at " + pressure.series().deviceId()
                + " in " + ChangeTracker.SPAN + " readings while flow at " + flow.series().deviceId() + " rose "
                + Phrases.percent(rise) + " to " + Phrases.value(flow.value(), flow.series().unit())
                + " (about " + Phrases.value(flow.expected(), flow.series().unit()) + " expected now): a burst or leaking main is likely";
        report(zone, "leak", AnomalyKind.LEAK, Severity.CRITICAL, Domain.WATER, devices(flow, pressure), "water.pressure",
                Math.min(1, (flow.deviation() - pressure.deviation()) / 20), pressure, now, text, out);
    }

    private void checkTraffic(String zone, String device, long now, Consumer<Anomaly> out) {
        Assessment speed = strongest(zone, "traffic.speed", false, TRAFFIC, device);
        Assessment occupancy = strongest(zone, "traffic.occupancy", true, TRAFFIC, device);
        String key = zone + "/traffic/" + device;
        if (open.containsKey(key) && strongest(zone, "traffic.speed", true, TRAFFIC, device) != null
                && strongest(zone, "traffic.occupancy", false, TRAFFIC, device) != null) {
            closeNow(key, now, "speed rose and occupancy fell again: the road is clear", out);
            return;
        }
        if (speed == null || occupancy == null) {
            return;
        }
        String text = "at counting site " + device + " (zone " + zone + ") speed fell from " + Phrases.number(speed.before()) + " to "
                + Phrases.value(speed.value(), speed.series().unit()) + " while occupancy rose from "
                + Phrases.number(occupancy.before()) + " to " + Phrases.value(occupancy.value(), occupancy.series().unit())
                + " within " + ChangeTracker.SPAN + " readings: a crash or blockage is likely";
        report(zone, "traffic/" + device, AnomalyKind.TRAFFIC_INCIDENT, Severity.WARNING, Domain.TRAFFIC, List.of(device),
                "traffic.speed", Math.min(1, (occupancy.deviation() - speed.deviation()) / 20), speed, now, text, out);
    }

    private void checkPollution(String zone, long now, Consumer<Anomaly> out) {
        TreeSet<String> stations = new TreeSet<>();
        List<Assessment> elevated = new ArrayList<>();
        for (Assessment a : recent.values()) {
            String m = a.series().metric();
            if (!java.util.Objects.equals(zone, a.series().zone())) {
                continue;
            }
            if ((m.equals("air.pm2_5") || m.equals("air.pm10") || m.equals("air.no2")) && a.above(POLLUTION)) {
                stations.add(a.series().deviceId());
                elevated.add(a);
            }
        }
        if (elevated.size() < 2 || stations.size() < Math.min(2, Math.max(1, airStations))) {
            return;
        }
        elevated.sort((x, y) -> Double.compare(y.deviation(), x.deviation()));
        Assessment top = elevated.get(0);
        StringBuilder text = new StringBuilder("air in zone " + zone + " is polluted at " + stations.size() + " station"
                + (stations.size() > 1 ? "s" : "") + ": ");
        for (int i = 0; i < elevated.size(); i++) {
            Assessment a = elevated.get(i);
            text.append(i == 0 ? "" : ", ").append(a.series().metric()).append(" rose from ").append(Phrases.number(a.before()))
                    .append(" to ").append(Phrases.value(a.value(), a.series().unit()));
        }
        report(zone, "pollution", AnomalyKind.POLLUTION_EPISODE, Severity.WARNING, Domain.AIR, new ArrayList<>(stations), top.series().metric(),
                Math.min(1, top.deviation() / 20), top, now, text.toString(), out);
    }

    private void report(String zone, String what, AnomalyKind kind, Severity severity, Domain domain, List<String> devices, String metric,
                        double score, Assessment main, long now, String text, Consumer<Anomaly> out) {
        String key = zone + '/' + what;
        lastSign.put(key, now);
        Anomaly current = open.get(key);
        Instant at = Instant.ofEpochMilli(now);
        double s = Math.max(0, Math.min(1, score));
        if (current == null) {
            current = new Anomaly(Anomaly.idFor(kind, key, at), 0, kind, severity, Anomaly.Status.OPEN, domain, zone,
                    devices, metric, s, main.value(), Double.NaN, Double.NaN, at, at, null, text);
            open.put(key, current);
            out.accept(current);
        } else if (s > current.score() + 0.05) {
            current = current.update(severity, s, main.value(), Double.NaN, Double.NaN, at, text);
            open.put(key, current);
            out.accept(current);
        }
    }

    /** Whether flow is up in most other metered zones too (seen in the last {@link #MEMORY_MILLIS}). */
    private boolean townWide(String zone) {
        TreeSet<String> metered = new TreeSet<>(meteredZones);
        metered.remove(zone);
        if (metered.isEmpty()) {
            return false;
        }
        TreeSet<String> up = new TreeSet<>();
        for (Assessment a : recent.values()) {
            if (a.series().metric().equals("water.flow") && a.above(LEAK_FLOW / 2) && !zone.equals(a.series().zone())) {
                up.add(a.series().zone());
            }
        }
        return up.size() > TOWN_WIDE_SHARE * metered.size();
    }

    private int count(String zone, String metric, boolean up, double threshold) {
        int n = 0;
        for (Assessment a : recent.values()) {
            if (a.series().metric().equals(metric) && java.util.Objects.equals(zone, a.series().zone())
                    && (up ? a.above(threshold) : a.below(threshold))) {
                n++;
            }
        }
        return n;
    }

    private Assessment strongest(String zone, String metric, boolean up, double threshold, String device) {
        Assessment best = null;
        for (Assessment a : recent.values()) {
            if (a.series().metric().equals(metric) && java.util.Objects.equals(zone, a.series().zone()) && (device == null || a.series().deviceId().equals(device))
                    && (up ? a.above(threshold) : a.below(threshold))
                    && (best == null || Math.abs(a.deviation()) > Math.abs(best.deviation()))) {
                best = a;
            }
        }
        return best;
    }

    private static List<String> devices(Assessment a, Assessment b) {
        TreeSet<String> set = new TreeSet<>(List.of(a.series().deviceId(), b.series().deviceId()));
        return new ArrayList<>(set);
    }
}
