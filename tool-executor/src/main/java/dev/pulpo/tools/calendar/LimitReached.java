package dev.pulpo.tools.calendar;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The customer already holds {@code limit} open bookings (booked, not begun): a new one waits until they cancel or
 * move one. Without it a customer, or a loop, could book every chair of the horizon.
 */
public record LimitReached(int limit) implements BookingOutcome {
    @Override
    public Map<String, Object> toResult() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "limit_reached");
        m.put("limit", limit);
        return ResultFormat.frozen(m);
    }
}
