package dev.pulpo.tools.calendar;

import java.util.Map;

/** A calendar decision as the {@code result} map of a tool-result event: snake_case keys, dates and times as text. */
public sealed interface ToolOutcome permits AvailabilityOutcome, BookingOutcome, CancelOutcome, RescheduleOutcome, AppointmentList {
    Map<String, Object> toResult();
}
