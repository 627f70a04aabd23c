package dev.pulpo.tools.calendar;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A workspace's whole calendar, in memory. Before issue 12 this was the value of the calendar store, one per workspace,
 * and it grew with the business's history; now the store keeps a {@link CalendarDay} per day, and a whole calendar is
 * only read once, to migrate such an old value, and built in tests.
 * Immutable: every change returns a new calendar. Appointments are kept ordered by start.
 */
public record WorkspaceCalendar(String workspaceId, List<Appointment> appointments) implements CalendarView {

    static final Comparator<Appointment> BY_START =
            Comparator.comparing(Appointment::start).thenComparing(Appointment::bookingId);

    public WorkspaceCalendar {
        Objects.requireNonNull(workspaceId, "workspace_id");
        appointments = appointments == null ? List.of() : appointments.stream().sorted(BY_START).toList();
    }

    public static WorkspaceCalendar empty(String workspaceId) {
        return new WorkspaceCalendar(workspaceId, List.of());
    }

    @Override
    public Optional<Appointment> find(String bookingId) {
        return appointments.stream().filter(a -> a.bookingId().equals(bookingId)).findFirst();
    }

    @Override
    public List<Appointment> holdingChairsBetween(LocalDateTime from, LocalDateTime to) {
        return appointments.stream().filter(Appointment::holdsChair).filter(a -> a.overlaps(from, to)).toList();
    }

    @Override
    public List<Appointment> bookedBy(String conversationId) {
        return appointments.stream().filter(Appointment::holdsChair).filter(a -> a.ownedBy(conversationId)).toList();
    }

    @Override
    public Optional<Appointment> changedBy(String callId, String conversationId) {
        return appointments.stream()
                .filter(a -> callId.equals(a.lastCallId()) && a.ownedBy(conversationId))
                .findFirst();
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

    @Override
    public WorkspaceCalendar without(String bookingId) {
        return new WorkspaceCalendar(workspaceId,
                appointments.stream().filter(a -> !a.bookingId().equals(bookingId)).toList());
    }
}
