package dev.pulpo.tools.calendar;

import java.util.LinkedHashMap;
import java.util.Map;

/** A request the calendar refuses outright, such as an unknown service or another customer's booking. */
public record Rejected(Reason reason) implements AvailabilityOutcome, BookingOutcome, CancelOutcome, RescheduleOutcome {
    @Override
    public Map<String, Object> toResult() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "rejected");
        m.put("reason", reason.code());
        return ResultFormat.frozen(m);
    }
}
