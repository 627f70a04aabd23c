package dev.pulpo.tools.calendar;

import java.time.LocalDateTime;
import java.util.Map;
import java.util.Optional;

/**
 * The appointment now starts at its new time, under the same booking id, maybe on another day; it is what to store.
 *
 * @param previousStart where it was before; empty when this answers a retry of a call that already moved it
 */
public record Rescheduled(Appointment appointment, Optional<LocalDateTime> previousStart) implements RescheduleOutcome {
    @Override
    public Map<String, Object> toResult() {
        Map<String, Object> m = ResultFormat.appointment("rescheduled", appointment);
        previousStart.ifPresent(p -> {
            m.put("previous_date", ResultFormat.date(p.toLocalDate()));
            m.put("previous_time", ResultFormat.time(p.toLocalTime()));
        });
        return ResultFormat.frozen(m);
    }
}
