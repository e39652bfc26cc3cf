package no.varde.simulator.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which incidents are under way at a simulated instant. Random incidents are drawn a simulated
 * day at a time, when first needed, so a simulation can run for as long as it likes.
 */
public final class IncidentSchedule {
    private static final Duration DAY = Duration.ofDays(1);

    private final IncidentPlanner planner;
    private final Instant start;
    private final List<Incident> planned;
    private final Map<Long, List<Incident>> randomByDay = new ConcurrentHashMap<>();

    public IncidentSchedule(IncidentPlanner planner, Instant start) {
        this.planner = planner;
        this.start = start;
        this.planned = planner == null ? List.of() : planner.planned();
    }

    /** No incidents at all (for load runs and plain demos). */
    public static IncidentSchedule none(Instant start) {
        return new IncidentSchedule((IncidentPlanner) null, start);
    }

    /** Incidents touching {@code device} at {@code t}. */
    public List<Incident> activeFor(String device, Instant t) {
        List<Incident> active = new ArrayList<>(2);
        for (Incident i : planned) {
            if (i.activeAt(t) && i.touches(device)) {
                active.add(i);
            }
        }
        if (planner != null && !t.isBefore(start)) {
            long day = dayOf(t);
            // Random incidents last at most a day, so only today's and yesterday's can be under way.
            for (long d = Math.max(0, day - 1); d <= day; d++) {
                for (Incident i : randomOnDay(d)) {
                    if (i.activeAt(t) && i.touches(device)) {
                        active.add(i);
                    }
                }
            }
        }
        return active;
    }

    /** Every incident that starts in [from, to), in start order. */
    public List<Incident> startingBetween(Instant from, Instant to) {
        List<Incident> list = new ArrayList<>();
        for (Incident i : planned) {
            if (!i.start().isBefore(from) && i.start().isBefore(to)) {
                list.add(i);
            }
        }
        if (planner != null && to.isAfter(start)) {
            for (long d = Math.max(0, dayOf(from)); d <= dayOf(to); d++) {
                for (Incident i : randomOnDay(d)) {
                    if (!i.start().isBefore(from) && i.start().isBefore(to)) {
                        list.add(i);
                    }
                }
            }
        }
        list.sort(Comparator.comparing(Incident::start).thenComparing(Incident::id));
        return list;
    }

    private List<Incident> randomOnDay(long day) {
        return randomByDay.computeIfAbsent(day, planner::randomOnDay);
    }

    private long dayOf(Instant t) {
        return Math.floorDiv(Duration.between(start, t).toMillis(), DAY.toMillis());
    }
}
