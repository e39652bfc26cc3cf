package no.varde.streamjobs.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import no.varde.model.Domain;
import no.varde.model.anomaly.Anomaly;
import no.varde.model.anomaly.AnomalyKind;
import no.varde.model.anomaly.Severity;

/**
 * Local pollution episodes, from the same neighbour comparison as drift: at one air station,
 * at least two pollutants rising together above the town's other stations (a ship in port, wood
 * burning, a queue at a tunnel mouth). What a drifting sensor cannot be (it moves alone) and what
 * the change-based zone check is slow to see (an episode builds over half an hour, so no five
 * minutes of it stand out). A town-wide episode (an inversion) moves every station and is left to
 * {@link ZoneDetector}. One open episode per station; closed when no pollutant stands out any more.
 */
final class LocalEpisodes implements Serializable {
    private static final long serialVersionUID = 1L;
    static final Set<String> POLLUTANTS = Set.of("air.pm2_5", "air.pm10", "air.no2");
    /** Each of the pollutants stands this many usual wobbles above its usual gap to the other stations. */
    static final double RISE = DriftDetector.OPEN_AT / 2;
    static final double CLOSE_BELOW = RISE / 3;

    private final Map<String, Anomaly> open = new HashMap<>();

    /** Looks at the air tracks judged in this bucket ({@code at}); {@code neighbours} per metric. */
    void check(List<DriftTrack> air, long at, Consumer<Anomaly> out) {
        Map<String, List<DriftTrack>> byStation = new HashMap<>();
        for (DriftTrack t : air) {
            if (POLLUTANTS.contains(t.series.metric()) && t.gaps > DriftDetector.WARMUP_GAPS) {
                byStation.computeIfAbsent(t.series.deviceId(), k -> new ArrayList<>()).add(t);
            }
        }
        for (Map.Entry<String, List<DriftTrack>> e : byStation.entrySet()) {
            List<DriftTrack> rising = e.getValue().stream().filter(t -> t.z >= RISE).toList();
            Anomaly current = open.get(e.getKey());
            Instant now = Instant.ofEpochMilli(at);
            if (current == null && rising.size() >= 2) {
                DriftTrack top = rising.stream().max((x, y) -> Double.compare(x.z, y.z)).orElseThrow();
                long since = rising.stream().mapToLong(t -> t.departedAt == Long.MIN_VALUE ? at : t.departedAt).min().orElse(at);
                Anomaly a = new Anomaly(Anomaly.idFor(AnomalyKind.POLLUTION_EPISODE, e.getKey() + "/local", Instant.ofEpochMilli(since)), 0,
                        AnomalyKind.POLLUTION_EPISODE, Severity.WARNING, Anomaly.Status.OPEN, Domain.AIR, top.series.zone(),
                        List.of(e.getKey()), top.series.metric(), Math.min(1, top.z / (4 * RISE)), top.value(), Double.NaN, Double.NaN,
                        Instant.ofEpochMilli(since), now, null, explain(e.getKey(), top.series.zone(), rising, since));
                open.put(e.getKey(), a);
                out.accept(a);
            } else if (current != null && e.getValue().stream().allMatch(t -> t.z < CLOSE_BELOW)) {
                out.accept(current.close(now, current.explanation() + "; back in line with the other stations"));
                open.remove(e.getKey());
            }
        }
    }

    boolean isEmpty() {
        return open.isEmpty();
    }

    void write(DataOutput out) throws IOException {
        out.writeInt(open.size());
        for (Map.Entry<String, Anomaly> e : open.entrySet()) {
            out.writeUTF(e.getKey());
            StateIo.writeAnomaly(out, e.getValue());
        }
    }

    void read(DataInput in) throws IOException {
        for (int i = in.readInt(); i > 0; i--) {
            open.put(in.readUTF(), StateIo.readAnomaly(in));
        }
    }

    /** Closes the episode of a station that is no longer tracked. */
    void forget(String deviceId, Instant at, Consumer<Anomaly> out) {
        Anomaly a = open.remove(deviceId);
        if (a != null) {
            out.accept(a.close(at, a.explanation() + "; the station stopped reporting"));
        }
    }

    private static String explain(String device, String zone, List<DriftTrack> rising, long since) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < rising.size(); i++) {
            DriftTrack t = rising.get(i);
            double above = (t.smoothGap - t.usualGap) * t.standardDeviation();
            text.append(i == 0 ? "" : i == rising.size() - 1 ? " and " : ", ").append(t.series.metric()).append(" ")
                    .append(Phrases.value(above, t.series.unit())).append(" higher");
        }
        return text + " than usual relative to the town's other air stations at " + device + (zone == null ? "" : " (zone " + zone + ")")
                + " since " + Phrases.clock(Instant.ofEpochMilli(since))
                + ", together: a local pollution episode is likely (traffic queues, wood burning, a ship in port)";
    }
}
