package dev.pulpo.tools.calendar;

/** The answer to {@code cancel_appointment}. Only {@link Cancelled} carries an appointment to store. */
public sealed interface CancelOutcome extends ToolOutcome permits Cancelled, NotFound, Rejected {
}
