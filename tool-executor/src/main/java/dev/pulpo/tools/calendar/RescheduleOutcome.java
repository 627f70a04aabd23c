package dev.pulpo.tools.calendar;

/** The answer to {@code reschedule_appointment}. Only {@link Rescheduled} carries an appointment to store. */
public sealed interface RescheduleOutcome extends ToolOutcome permits Rescheduled, SlotUnavailable, NotFound, Rejected {
}
