package dev.pulpo.tools.calendar;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The asked start cannot be booked (or moved to); offers the nearest free starts instead.
 * {@code free_times} are the alternatives on the asked day; {@code nearest} are all of them, with their dates.
 */
public record SlotUnavailable(String service, LocalDate date, LocalTime time, Reason reason, List<FreeSlot> nearest)
        implements BookingOutcome, RescheduleOutcome {

    public SlotUnavailable {
        nearest = List.copyOf(nearest);
    }

    @Override
    public Map<String, Object> toResult() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "unavailable");
        m.put("service", service);
        m.put("date", ResultFormat.date(date));
        m.put("time", ResultFormat.time(time));
        m.put("reason", reason.code());
        m.put("free_times", nearest.stream().filter(s -> s.date().equals(date)).map(s -> ResultFormat.time(s.time())).toList());
        m.put("nearest", ResultFormat.slots(nearest));
        return ResultFormat.frozen(m);
    }
}
