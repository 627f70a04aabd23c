package dev.pulpo.tools.calendar;

import java.util.LinkedHashMap;
import java.util.Map;

/** Nothing to cancel or move: no booking with that id, or no upcoming booking of the customer. */
public record NotFound(Reason reason) implements CancelOutcome, RescheduleOutcome {
    @Override
    public Map<String, Object> toResult() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "not_found");
        m.put("reason", reason.code());
        return ResultFormat.frozen(m);
    }
}
