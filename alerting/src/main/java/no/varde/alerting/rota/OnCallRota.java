package no.varde.alerting.rota;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import no.varde.model.Domain;

/**
 * Who is on call when, per domain and escalation level, in the municipality's time zone
 * (Europe/Oslo): the same 16:00 is 15:00 UTC in winter and 14:00 UTC in summer.
 */
public final class OnCallRota {
    /** One step of a domain's escalation ladder; overrides (holidays, swaps) win over shifts. */
    public record Level(String name, List<Shift> shifts, List<Override> overrides) {
    }

    /** A one-off watch between two local times, e.g. Christmas. */
    public record Override(LocalDateTime from, LocalDateTime to, List<String> people) {
        boolean covers(LocalDateTime at) {
            return !at.isBefore(from) && at.isBefore(to);
        }
    }

    /** A domain's ladder: unacknowledged alerts climb one level every {@code escalateAfter}. */
    public record DomainRota(Duration escalateAfter, List<Level> levels) {
    }

    private final ZoneId zone;
    private final Map<Domain, DomainRota> domains;
    private final Map<String, Person> people;

    public OnCallRota(ZoneId zone, Map<Domain, DomainRota> domains, Map<String, Person> people) {
        this.zone = zone;
        this.domains = Map.copyOf(domains);
        this.people = Map.copyOf(people);
    }

    public ZoneId zone() {
        return zone;
    }

    public Optional<DomainRota> domain(Domain domain) {
        return Optional.ofNullable(domains.get(domain));
    }

    public int levels(Domain domain) {
        return domain(domain).map(r -> r.levels().size()).orElse(0);
    }

    public Optional<Person> person(String id) {
        return Optional.ofNullable(people.get(id));
    }

    /** The people on call for {@code domain} at escalation {@code level} at {@code at}; empty when no one is. */
    public List<Person> onCall(Domain domain, int level, Instant at) {
        DomainRota rota = domains.get(domain);
        if (rota == null || level < 0 || level >= rota.levels().size()) {
            return List.of();
        }
        Level l = rota.levels().get(level);
        LocalDateTime local = LocalDateTime.ofInstant(at, zone);
        Set<String> ids = new LinkedHashSet<>();
        for (Override o : l.overrides()) {
            if (o.covers(local)) {
                ids.addAll(o.people());
            }
        }
        if (ids.isEmpty()) {
            for (Shift s : l.shifts()) {
                ids.addAll(s.onAt(local));
            }
        }
        List<Person> out = new ArrayList<>();
        ids.forEach(id -> out.add(people.get(id)));
        return out;
    }

    /**
     * Hours of a week in which no one is on call at {@code level} ("Mon 00:00-08:00"), checked in
     * 15-minute steps over two weeks so weekly rotations count. Logged at start: an uncovered night
     * is a configuration mistake a municipality wants to hear about before an alert falls into it.
     */
    public List<String> gaps(Domain domain, int level) {
        List<String> out = new ArrayList<>();
        java.time.LocalDate monday = java.time.LocalDate.of(2026, 1, 5);
        String[] days = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
        for (int day = 0; day < 7; day++) {
            int start = -1;
            for (int minute = 0; minute <= 24 * 60; minute += 15) {
                boolean covered = minute == 24 * 60;
                if (!covered) {
                    LocalDateTime t1 = monday.plusDays(day).atStartOfDay().plusMinutes(minute);
                    covered = !onCall(domain, level, t1.atZone(zone).toInstant()).isEmpty()
                            && !onCall(domain, level, t1.plusWeeks(1).atZone(zone).toInstant()).isEmpty();
                }
                if (!covered && start < 0) {
                    start = minute;
                } else if (covered && start >= 0) {
                    out.add(String.format(java.util.Locale.ROOT, "%s %02d:%02d-%02d:%02d", days[day], start / 60, start % 60, minute / 60, minute % 60));
                    start = -1;
                }
            }
        }
        return out;
    }
}
