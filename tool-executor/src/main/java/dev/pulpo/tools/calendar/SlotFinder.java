package dev.pulpo.tools.calendar;

import dev.pulpo.schemas.event.Workspace;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The free starts of a service of one length in one calendar, as of one turn's clock.
 * {@link #whyNotFree} and {@link #freeTimes} agree by construction: a time is free exactly when it is listed.
 */
record SlotFinder(Workspace ws, CalendarView calendar, Duration length, BookingWindow window) {

    List<LocalTime> freeTimes(LocalDate date) {
        if (window.isPast(date) || window.isBeyondHorizon(date)) {
            return List.of();
        }
        ChairCapacity capacity = capacityOn(date);
        return DayGrid.of(ws, date, length).starts().stream()
                .filter(window::respectsLead)
                .filter(s -> capacity.fits(s, s.plus(length)))
                .map(LocalDateTime::toLocalTime)
                .toList();
    }

    /** Why the day offers nothing; meaningful when {@link #freeTimes} is empty. */
    Reason whyDayIsFull(LocalDate date) {
        if (window.isPast(date)) {
            return Reason.PAST;
        }
        if (window.isBeyondHorizon(date)) {
            return Reason.BEYOND_HORIZON;
        }
        DayGrid grid = DayGrid.of(ws, date, length);
        if (grid.closed()) {
            return Reason.CLOSED;
        }
        List<LocalDateTime> starts = grid.starts();
        if (starts.isEmpty()) {
            return Reason.SERVICE_TOO_LONG;
        }
        return starts.stream().anyMatch(window::respectsLead) ? Reason.FULLY_BOOKED : Reason.TOO_SOON;
    }

    /** Why this start cannot be booked; empty when it can. */
    Optional<Reason> whyNotFree(LocalDate date, LocalTime time) {
        if (window.isPast(date)) {
            return Optional.of(Reason.PAST);
        }
        if (window.isBeyondHorizon(date)) {
            return Optional.of(Reason.BEYOND_HORIZON);
        }
        Optional<Reason> misfit = DayGrid.of(ws, date, length).misfit(time);
        if (misfit.isPresent()) {
            return misfit;
        }
        LocalDateTime start = date.atTime(time);
        if (window.hasBegun(start)) {
            return Optional.of(Reason.PAST);
        }
        if (!window.respectsLead(start)) {
            return Optional.of(Reason.TOO_SOON);
        }
        return capacityOn(date).fits(start, start.plus(length)) ? Optional.empty() : Optional.of(Reason.TAKEN);
    }

    /**
     * Up to {@code limit} free starts near the asked one: the asked day first, by distance to the asked time
     * (earlier first on a tie), then each following day in turn, ordered the same way, up to the horizon.
     * A past date searches from today.
     */
    List<FreeSlot> nearest(LocalDate date, LocalTime time, int limit) {
        List<FreeSlot> found = new ArrayList<>(limit);
        Comparator<LocalTime> byDistance = Comparator
                .<LocalTime>comparingLong(t -> Math.abs(Duration.between(time, t).toSeconds()))
                .thenComparing(Comparator.naturalOrder());
        LocalDate first = window.isPast(date) ? window.today() : date;
        for (LocalDate day = first; !window.isBeyondHorizon(day) && found.size() < limit; day = day.plusDays(1)) {
            LocalDate d = day;
            freeTimes(day).stream().sorted(byDistance).limit(limit - found.size()).forEach(t -> found.add(new FreeSlot(d, t)));
        }
        return List.copyOf(found);
    }

    private ChairCapacity capacityOn(LocalDate date) {
        // Looking one day either side keeps an appointment that crosses midnight in the count.
        List<Appointment> booked = calendar.holdingChairsBetween(date.minusDays(1).atStartOfDay(), date.plusDays(2).atStartOfDay());
        return new ChairCapacity(ws.booking().parallelChairs(), booked);
    }
}
