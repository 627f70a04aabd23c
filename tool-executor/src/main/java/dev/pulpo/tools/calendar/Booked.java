package dev.pulpo.tools.calendar;

import java.util.Map;

/**
 * The appointment is reserved; {@code calendar} is the value to store. Also the answer to a retry of the call that
 * booked it, with the calendar unchanged.
 */
public record Booked(WorkspaceCalendar calendar, Appointment appointment) implements BookingOutcome {
    @Override
    public Map<String, Object> toResult() {
        return ResultFormat.frozen(ResultFormat.appointment("booked", appointment));
    }
}
