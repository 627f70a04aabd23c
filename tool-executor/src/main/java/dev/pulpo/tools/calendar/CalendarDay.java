package dev.pulpo.tools.calendar;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The appointments of one workspace that start on one day: the value of the calendar store under
 * {@link CalendarKeys#day}. Its size is bounded by the day, not by the business's history: the booked appointments by
 * the day's chairs and starts (the calendar never lets a slot go over its chairs), the cancelled ones by
 * {@link #cancelledBeyond}, which the writer drops. Immutable; appointments in start order, so equal days serialize to
 * equal bytes.
 *
 * @param date the day; null only in a value stored before issue 12, which held a workspace's whole calendar under the
 *             bare workspace id. tool-executor migrates such a value to days when it starts.
 */
public record CalendarDay(String workspaceId, LocalDate date, List<Appointment> appointments) {

    /** Newest booked first, so the cancelled appointments kept are the most recent ones. */
    private static final Comparator<Appointment> NEWEST_FIRST = Comparator
            .comparing(Appointment::createdAt,
                    Comparator.nullsLast(Comparator.comparing(OffsetDateTime::toInstant).reversed()))
            .thenComparing(Appointment::bookingId);

    public CalendarDay {
        Objects.requireNonNull(workspaceId, "workspace_id");
        appointments = appointments == null ? List.of() : appointments.stream().sorted(WorkspaceCalendar.BY_START).toList();
        if (date != null) {
            for (Appointment a : appointments) {
                if (!a.start().toLocalDate().equals(date)) {
                    throw new IllegalArgumentException("appointment " + a.bookingId() + " starts " + a.start()
                            + ", not on " + date);
                }
            }
        }
    }

    public static CalendarDay empty(String workspaceId, LocalDate date) {
        return new CalendarDay(workspaceId, Objects.requireNonNull(date, "date"), List.of());
    }

    /** A whole calendar stored before issue 12, under the workspace id alone. */
    @JsonIgnore
    public boolean isWholeCalendar() {
        return date == null;
    }

    public Optional<Appointment> find(String bookingId) {
        return appointments.stream().filter(a -> a.bookingId().equals(bookingId)).findFirst();
    }

    /** This day with the appointment added, or replacing the one with the same booking id. */
    public CalendarDay with(Appointment appointment) {
        if (!appointment.workspaceId().equals(workspaceId)) {
            throw new IllegalArgumentException("appointment " + appointment.bookingId() + " belongs to workspace "
                    + appointment.workspaceId() + ", not " + workspaceId);
        }
        List<Appointment> next = new ArrayList<>(without(appointment.bookingId()).appointments);
        next.add(appointment);
        return new CalendarDay(workspaceId, date, next);
    }

    public CalendarDay without(String bookingId) {
        return new CalendarDay(workspaceId, date,
                appointments.stream().filter(a -> !a.bookingId().equals(bookingId)).toList());
    }

    public CalendarDay withoutAll(List<Appointment> dropped) {
        List<String> ids = dropped.stream().map(Appointment::bookingId).toList();
        return new CalendarDay(workspaceId, date, appointments.stream().filter(a -> !ids.contains(a.bookingId())).toList());
    }

    /**
     * The cancelled appointments past the {@code max} most recently booked ones, which the writer drops: a loop of
     * booking and cancelling must not grow the day. {@code keep} (the appointment just changed) always stays and
     * counts, so a retry of the call that cancelled it still finds it. At least one is kept.
     */
    public List<Appointment> cancelledBeyond(int max, String keep) {
        List<Appointment> cancelled = appointments.stream().filter(a -> !a.holdsChair()).toList();
        int room = Math.max(1, max);
        if (cancelled.size() <= room) {
            return List.of();
        }
        boolean keepIsCancelled = cancelled.stream().anyMatch(a -> a.bookingId().equals(keep));
        return cancelled.stream()
                .filter(a -> !a.bookingId().equals(keep))
                .sorted(NEWEST_FIRST)
                .skip(keepIsCancelled ? room - 1 : room)
                .toList();
    }
}
