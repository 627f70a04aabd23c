package dev.pulpo.tools.calendar;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The free starts of one day for one service, and, when a time was asked, whether it is free.
 *
 * @param reason  why the answer is no: why the asked time is not free, or, without a time, why the day has none
 * @param nearest when the asked time is not free, the closest free starts (that day first, then the next days)
 */
public record DayAvailability(
        String service,
        LocalDate date,
        List<LocalTime> freeTimes,
        Optional<LocalTime> askedTime,
        Optional<Reason> reason,
        List<FreeSlot> nearest) implements AvailabilityOutcome {

    public DayAvailability {
        freeTimes = List.copyOf(freeTimes);
        nearest = List.copyOf(nearest);
    }

    public boolean askedTimeFree() {
        return askedTime.isPresent() && freeTimes.contains(askedTime.get());
    }

    @Override
    public Map<String, Object> toResult() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "ok");
        m.put("service", service);
        m.put("date", ResultFormat.date(date));
        m.put("free_times", ResultFormat.times(freeTimes));
        askedTime.ifPresent(t -> {
            m.put("time", ResultFormat.time(t));
            m.put("time_free", askedTimeFree());
        });
        reason.ifPresent(r -> m.put("reason", r.code()));
        if (!nearest.isEmpty()) {
            m.put("nearest", ResultFormat.slots(nearest));
        }
        return ResultFormat.frozen(m);
    }
}
