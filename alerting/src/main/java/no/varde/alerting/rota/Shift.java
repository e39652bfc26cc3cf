package no.varde.alerting.rota;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Set;

/**
 * A recurring watch in local time: on the given days from {@code fromMinute} to {@code toMinute}
 * (minutes after midnight; a watch whose end is before its start runs past midnight and belongs
 * to the day it starts). With {@code rotateWeeklyFrom}, the people take turns week by week from
 * the Monday of that date; otherwise all of them are on.
 */
public record Shift(Set<DayOfWeek> days, int fromMinute, int toMinute, List<String> people, LocalDate rotateWeeklyFrom) {

    /** The people on this watch at local time {@code at}, or an empty list. */
    public List<String> onAt(LocalDateTime at) {
        int minute = at.getHour() * 60 + at.getMinute();
        LocalDate day = at.toLocalDate();
        boolean overnight = toMinute <= fromMinute;
        if (days.contains(day.getDayOfWeek()) && minute >= fromMinute && (overnight || minute < toMinute)) {
            return whoOn(day);
        }
        LocalDate yesterday = day.minusDays(1);
        if (overnight && days.contains(yesterday.getDayOfWeek()) && minute < toMinute) {
            return whoOn(yesterday);
        }
        return List.of();
    }

    /** Who has the watch that starts on {@code shiftDay}. */
    private List<String> whoOn(LocalDate shiftDay) {
        if (rotateWeeklyFrom == null || people.size() < 2) {
            return people;
        }
        LocalDate anchor = rotateWeeklyFrom.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        long weeks = Math.floorDiv(ChronoUnit.DAYS.between(anchor, shiftDay), 7);
        return List.of(people.get((int) Math.floorMod(weeks, people.size())));
    }
}
