package dev.pulpo.tools.calendar;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

/**
 * What {@link CalendarService} reads of a workspace's calendar to decide one call. It never needs the whole calendar:
 * one booking, the chairs taken around a day, one customer's bookings. tool-executor reads these from its stores (a
 * day per key, and two small indexes); {@link WorkspaceCalendar} holds them in memory.
 */
public interface CalendarView {

    String workspaceId();

    /** The appointment with that booking id, booked or cancelled, while the calendar keeps it. */
    Optional<Appointment> find(String bookingId);

    /** The appointments that take a chair at some moment of {@code [from, to)}. */
    List<Appointment> holdingChairsBetween(LocalDateTime from, LocalDateTime to);

    /** The customer's appointments that hold a chair, begun or not; the caller filters by its clock. */
    List<Appointment> bookedBy(String conversationId);

    /** The customer's appointment that this very call changed last: the call is a retry. */
    Optional<Appointment> changedBy(String callId, String conversationId);

    /** This calendar as if the booking did not exist: a booking being moved must not block its own new slot. */
    default CalendarView without(String bookingId) {
        CalendarView all = this;
        return new CalendarView() {
            @Override
            public String workspaceId() {
                return all.workspaceId();
            }

            @Override
            public Optional<Appointment> find(String id) {
                return id.equals(bookingId) ? Optional.empty() : all.find(id);
            }

            @Override
            public List<Appointment> holdingChairsBetween(LocalDateTime from, LocalDateTime to) {
                return all.holdingChairsBetween(from, to).stream().filter(a -> !a.bookingId().equals(bookingId)).toList();
            }

            @Override
            public List<Appointment> bookedBy(String conversationId) {
                return all.bookedBy(conversationId).stream().filter(a -> !a.bookingId().equals(bookingId)).toList();
            }

            @Override
            public Optional<Appointment> changedBy(String callId, String conversationId) {
                return all.changedBy(callId, conversationId).filter(a -> !a.bookingId().equals(bookingId));
            }
        };
    }
}
