package dev.pulpo.tools.calendar;

import java.util.Map;

/**
 * The appointment is reserved; it is what to store. Also the answer to a retry of the call that booked it, when the
 * calendar already holds it as is.
 */
public record Booked(Appointment appointment) implements BookingOutcome {
    @Override
    public Map<String, Object> toResult() {
        return ResultFormat.frozen(ResultFormat.appointment("booked", appointment));
    }
}
