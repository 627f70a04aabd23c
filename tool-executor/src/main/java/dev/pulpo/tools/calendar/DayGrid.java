package dev.pulpo.tools.calendar;

import dev.pulpo.schemas.event.Workspace;
import dev.pulpo.schemas.event.Workspace.OpeningInterval;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The starts a service of a given length may have on one day, before looking at lead time or chairs:
 * on the {@code slot_step_minutes} grid from each interval's opening, and ending by that interval's closing,
 * because a break is a gap between intervals and a service may not run through it.
 * An interval that does not close after it opens (overnight) is ignored.
 */
record DayGrid(LocalDate date, List<OpeningInterval> intervals, Duration step, Duration length) {

    static DayGrid of(Workspace ws, LocalDate date, Duration length) {
        int stepMinutes = ws.booking().slotStepMinutes();
        // A rule left at 0 in the workspace JSON would loop forever; fall back to the documented default.
        Duration step = Duration.ofMinutes(stepMinutes > 0 ? stepMinutes : Workspace.BookingRules.DEFAULT.slotStepMinutes());
        List<OpeningInterval> open = ws.openingHours(date.getDayOfWeek()).stream()
                .filter(i -> i.closes().isAfter(i.opens()))
                .toList();
        return new DayGrid(date, open, step, length);
    }

    boolean closed() {
        return intervals.isEmpty();
    }

    /** Every grid start whose service ends by its interval's closing, in order. */
    List<LocalDateTime> starts() {
        TreeSet<LocalDateTime> starts = new TreeSet<>();
        for (OpeningInterval interval : intervals) {
            LocalDateTime closes = date.atTime(interval.closes());
            for (LocalDateTime s = date.atTime(interval.opens()); !s.plus(length).isAfter(closes); s = s.plus(step)) {
                starts.add(s);
            }
        }
        return List.copyOf(starts);
    }

    /** Why a start is not on this grid; empty when it is. */
    Optional<Reason> misfit(LocalTime time) {
        LocalDateTime start = date.atTime(time);
        if (closed()) {
            return Optional.of(Reason.CLOSED);
        }
        if (starts().contains(start)) {
            return Optional.empty();
        }
        List<OpeningInterval> containing = intervals.stream()
                .filter(i -> !time.isBefore(i.opens()) && time.isBefore(i.closes()))
                .toList();
        if (containing.isEmpty()) {
            return Optional.of(Reason.OUTSIDE_HOURS);
        }
        boolean overruns = containing.stream().allMatch(i -> start.plus(length).isAfter(date.atTime(i.closes())));
        return Optional.of(overruns ? Reason.OVERRUNS_CLOSING : Reason.OFF_GRID);
    }
}
