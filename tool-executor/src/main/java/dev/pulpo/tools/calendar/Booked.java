package dev.pulpo.tools.calendar;

import java.util.Map;

/**
 * The appointment is reserved; {@code calendar} is the value to store.
 *
 * @param alreadyBooked the customer already held this very appointment (same service and start), so no second
 *                      chair was taken; the reply should say so rather than announce a new booking
 */
public record Booked(WorkspaceCalendar calendar, Appointment appointment, boolean alreadyBooked) implements BookingOutcome {
    @Override
    public Map<String, Object> toResult() {
        Map<String, Object> m = ResultFormat.appointment("booked", appointment);
        if (alreadyBooked) {
            m.put("already_booked", true);
        }
        return ResultFormat.frozen(m);
    }
}
