package no.varde.platform.evaluate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import no.varde.model.Reading;
import no.varde.model.anomaly.Anomaly;
import no.varde.model.anomaly.AnomalyKind;
import no.varde.simulator.city.Town;
import no.varde.simulator.city.TownDevice;
import no.varde.simulator.incident.Incident;
import no.varde.simulator.incident.IncidentKind;
import no.varde.streamjobs.CollectingSink;
import no.varde.streamjobs.ReadingsJob;
import no.varde.streamjobs.anomaly.DetectionJob;
import no.varde.streamjobs.anomaly.FixedZoneDirectory;
import no.varde.streamjobs.detect.DetectorSettings;
import no.varde.streamjobs.detect.LimitRules;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Measures detection against the simulator's ground truth: the default town (or a scenario) is
 * computed offline for {@code warmup + duration}, incidents start after the warm-up (a model
 * needs days to learn a town's rhythm, as it has in production), the readings run through the
 * real readings and detection graph in a local Flink, and the anomalies opened are matched with
 * the incidents: same kind, same device (or zone for zone-wide incidents), opened between the
 * incident's start and {@link #SLACK} after its end.
 */
public final class DetectionEvaluation {
    static final Duration SLACK = Duration.ofMinutes(10);
    /** Which anomaly kind answers which incident kind. */
    static final Map<IncidentKind, AnomalyKind> ANSWERS = Map.of(
            IncidentKind.LEAK, AnomalyKind.LEAK, IncidentKind.STUCK, AnomalyKind.FLATLINE, IncidentKind.DROPOUT, AnomalyKind.SILENCE,
            IncidentKind.SPIKE, AnomalyKind.SPIKE, IncidentKind.TRAFFIC_INCIDENT, AnomalyKind.TRAFFIC_INCIDENT,
            IncidentKind.POLLUTION_EPISODE, AnomalyKind.POLLUTION_EPISODE, IncidentKind.DRIFT, AnomalyKind.DRIFT);

    /**
     * Incidents that also legitimately explain an anomaly of another kind: a device sending only
     * rejected data is, to detection, a silent device.
     */
    static final Map<AnomalyKind, Set<IncidentKind>> ALSO_EXPLAINS = Map.of(AnomalyKind.SILENCE, Set.of(IncidentKind.BAD_DATA));

    public record Result(Instant incidentsFrom, Instant until, List<Incident> incidents, List<Anomaly> opened,
                         List<KindScore> scores) {
    }

    private final String scenario;
    private final long seed;
    private final Duration warmup;
    private final Duration duration;

    public DetectionEvaluation(String scenario, long seed, Duration warmup, Duration duration) {
        this.scenario = scenario;
        this.seed = seed;
        this.warmup = warmup;
        this.duration = duration;
    }

    public Result run(Instant incidentsFrom) throws Exception {
        Town town = TownReadings.town(scenario);
        Instant from = incidentsFrom.minus(warmup);
        Instant until = incidentsFrom.plus(duration);
        long steps = Duration.between(from, until).dividedBy(TownReadings.STEP);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        DataStream<Reading> readings = env.fromSequence(0, steps - 1).name("town minutes")
                .flatMap(new TownReadings(scenario, seed, incidentsFrom, from)).name("town readings")
                .map(new Progress(from, until)).name("progress")
                .assignTimestampsAndWatermarks(ReadingsJob.watermarks());
        ReadingsJob.Streams streams = new ReadingsJob(null, null, new DiscardingSink<>(), new DiscardingSink<>(), new DiscardingSink<>(),
                new DiscardingSink<>()).attach(readings);
        DataStream<Anomaly> anomalies = new DetectionJob(zones(town), LimitRules.shipped(), DetectorSettings.defaults())
                .detect(streams.readings(), streams.minutes(), streams.hours());
        CollectingSink<Anomaly> sink = new CollectingSink<>();
        anomalies.sinkTo(sink).name("collect");
        env.execute("varde-evaluate");
        List<Anomaly> opened = new ArrayList<>();
        for (Anomaly a : sink.drain()) {
            // The end of the input moves event time to infinity, which would make every device look silent.
            if (a.revision() == 0 && !a.updatedAt().isBefore(incidentsFrom) && a.updatedAt().isBefore(until)) {
                opened.add(a);
            }
        }
        List<Incident> all = TownReadings.schedule(town, seed, incidentsFrom).startingBetween(incidentsFrom, until);
        List<Incident> incidents = all.stream().filter(i -> ANSWERS.containsKey(i.kind())).toList();
        return new Result(incidentsFrom, until, incidents, opened, score(town, all, opened));
    }

    static FixedZoneDirectory zones(Town town) {
        Map<String, String> zones = new HashMap<>();
        Map<String, Integer> air = new HashMap<>();
        for (TownDevice d : town.devices()) {
            zones.put(d.id(), d.zone().name());
            if (d.kind() == no.varde.model.Domain.AIR) {
                air.merge(d.zone().name(), 1, Integer::sum);
            }
        }
        return new FixedZoneDirectory(zones, air);
    }

    static List<KindScore> score(Town town, List<Incident> incidents, List<Anomaly> opened) {
        List<KindScore> scores = new ArrayList<>();
        for (IncidentKind kind : IncidentKind.values()) {
            AnomalyKind answer = ANSWERS.get(kind);
            if (answer == null) {
                continue;
            }
            List<Incident> ofKind = incidents.stream().filter(i -> i.kind() == kind).toList();
            Set<IncidentKind> explaining = ALSO_EXPLAINS.getOrDefault(answer, Set.of());
            List<Anomaly> answers = opened.stream().filter(a -> a.kind() == answer).toList();
            Set<Anomaly> matched = new HashSet<>();
            List<Double> ttd = new ArrayList<>();
            List<Double> ttdIntervals = new ArrayList<>();
            int detected = 0;
            for (Incident i : ofKind) {
                Anomaly first = null;
                for (Anomaly a : answers) {
                    if (matches(i, a)) {
                        matched.add(a);
                        if (first == null || a.updatedAt().isBefore(first.updatedAt())) {
                            first = a;
                        }
                    }
                }
                if (first != null) {
                    detected++;
                    double seconds = Math.max(0, Duration.between(i.start(), first.updatedAt()).toMillis() / 1000.0);
                    ttd.add(seconds);
                    ttdIntervals.add(seconds / interval(town, i).toSeconds());
                }
            }
            for (Incident other : incidents) {
                if (explaining.contains(other.kind())) {
                    answers.stream().filter(a -> matches(other, a)).forEach(matched::add);
                }
            }
            scores.add(new KindScore(kind.id(), answer.id(), ofKind.size(), detected, answers.size(), matched.size(), median(ttd),
                    median(ttdIntervals)));
        }
        return scores;
    }

    static boolean matches(Incident i, Anomaly a) {
        Instant at = a.updatedAt();
        if (at.isBefore(i.start()) || at.isAfter(i.end().plus(SLACK))) {
            return false;
        }
        if (i.kind().zoneWide()) {
            return i.zone().equals(a.zone());
        }
        boolean device = a.deviceIds().stream().anyMatch(i.devices()::contains);
        return device && (a.metric() == null || i.metrics().contains(a.metric()) || i.kind() == IncidentKind.TRAFFIC_INCIDENT);
    }

    private static Duration interval(Town town, Incident i) {
        return i.devices().stream().map(town::device).filter(java.util.Objects::nonNull).map(TownDevice::interval)
                .min(Duration::compareTo).orElse(Duration.ofMinutes(1));
    }

    static double median(Collection<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** A status line every 5 s of wall time: how far through simulated time the job is. */
    static final class Progress extends org.apache.flink.api.common.functions.RichMapFunction<Reading, Reading> {
        private final Instant from;
        private final Instant until;
        private transient long lastPrint;

        Progress(Instant from, Instant until) {
            this.from = from;
            this.until = until;
        }

        @Override
        public Reading map(Reading r) {
            long now = System.currentTimeMillis();
            if (now - lastPrint >= 5000) {
                lastPrint = now;
                double share = Duration.between(from, r.eventTime()).toMillis() / (double) Duration.between(from, until).toMillis();
                System.err.printf(java.util.Locale.ROOT, "evaluate: %5.1f %% of simulated time (%s)%n", 100 * share, r.eventTime());
            }
            return r;
        }
    }
}
