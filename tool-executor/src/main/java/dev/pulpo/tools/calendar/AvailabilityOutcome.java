package dev.pulpo.tools.calendar;

/** The answer to {@code check_availability}. */
public sealed interface AvailabilityOutcome extends ToolOutcome permits DayAvailability, Rejected {
}
