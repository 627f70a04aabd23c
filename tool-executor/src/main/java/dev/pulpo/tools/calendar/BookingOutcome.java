package dev.pulpo.tools.calendar;

/** The answer to {@code book_appointment}. Only {@link Booked} carries an appointment to store. */
public sealed interface BookingOutcome extends ToolOutcome permits Booked, SlotUnavailable, LimitReached, Rejected {
}
