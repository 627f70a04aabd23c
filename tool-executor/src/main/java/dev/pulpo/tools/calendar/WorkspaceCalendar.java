package dev.pulpo.tools.calendar;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The appointments of ONE workspace: the value of the calendar store, keyed by workspace id.
 * Immutable: every change returns a new calendar, so a decision either commits whole (the new value is put)
 * or not at all. Appointments are kept ordered by start, so equal calendars serialize to equal bytes.
 */
public record WorkspaceCalendar(String workspaceId, List<Appointment> appointments) {

    private static final Comparator<Appointment> BY_START =
            Comparator.comparing(Appointment::start).thenComparing(Appointment::bookingId);

    public WorkspaceCalendar {
        Objects.requireNonNull(workspaceId, "workspace_id");
        appointments = appointments == null ? List.of() : appointments.stream().sorted(BY_START).toList();
    }

    public static WorkspaceCalendar empty(String workspaceId) {
        return new WorkspaceCalendar(workspaceId, List.of());
    }

    public Optional<Appointment> find(String bookingId) {
        return appointments.stream().filter(a -> a.bookingId().equals(bookingId)).findFirst();
    }

    /** The appointments that take a chair at some moment of {@code [from, to)}. */
    public List<Appointment> holdingChairsBetween(LocalDateTime from, LocalDateTime to) {
        return appointments.stream().filter(Appointment::holdsChair).filter(a -> a.overlaps(from, to)).toList();
    }

    /** This calendar with the appointment added, or replacing the one with the same booking id. */
    public WorkspaceCalendar with(Appointment appointment) {
        if (!appointment.workspaceId().equals(workspaceId)) {
            throw new IllegalArgumentException("appointment " + appointment.bookingId() + " belongs to workspace "
                    + appointment.workspaceId() + ", not " + workspaceId);
        }
        List<Appointment> next = new ArrayList<>(without(appointment.bookingId()).appointments);
        next.add(appointment);
        return new WorkspaceCalendar(workspaceId, next);
    }

    /** This calendar without the appointments (booked or cancelled) that ended before {@code cutoff}. */
    public WorkspaceCalendar withoutEndedBefore(LocalDateTime cutoff) {
        return new WorkspaceCalendar(workspaceId,
                appointments.stream().filter(a -> !a.end().isBefore(cutoff)).toList());
    }

    /** This calendar as if the booking did not exist: a booking being moved must not block its own new slot. */
    public WorkspaceCalendar without(String bookingId) {
        return new WorkspaceCalendar(workspaceId,
                appointments.stream().filter(a -> !a.bookingId().equals(bookingId)).toList());
    }
}
