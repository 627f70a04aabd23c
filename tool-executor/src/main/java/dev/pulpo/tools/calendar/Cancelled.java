package dev.pulpo.tools.calendar;

import java.util.Map;

/**
 * The appointment no longer holds a chair; it is what to store.
 *
 * @param alreadyCancelled it had been cancelled before this call, so nothing changed
 */
public record Cancelled(Appointment appointment, boolean alreadyCancelled) implements CancelOutcome {
    @Override
    public Map<String, Object> toResult() {
        Map<String, Object> m = ResultFormat.appointment("cancelled", appointment);
        if (alreadyCancelled) {
            m.put("already_cancelled", true);
        }
        return ResultFormat.frozen(m);
    }
}
