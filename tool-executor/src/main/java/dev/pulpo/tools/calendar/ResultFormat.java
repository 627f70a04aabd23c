package dev.pulpo.tools.calendar;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How calendar values read in a tool result: {@code 2025-01-16} and {@code 10:00}, as the golden slots write them. */
final class ResultFormat {
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    private ResultFormat() {
    }

    static String date(LocalDate date) {
        return date.toString();
    }

    static String time(LocalTime time) {
        return HH_MM.format(time);
    }

    static List<String> times(List<LocalTime> times) {
        return times.stream().map(ResultFormat::time).toList();
    }

    static List<Map<String, Object>> slots(List<FreeSlot> slots) {
        return slots.stream().<Map<String, Object>>map(s -> Map.of("date", date(s.date()), "time", time(s.time()))).toList();
    }

    /** The keys every result about one appointment shares: {@code booking_id}, {@code service}, {@code date}, {@code time}. */
    static Map<String, Object> appointment(String status, Appointment a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        m.put("booking_id", a.bookingId());
        m.put("service", a.serviceName());
        m.put("date", date(a.start().toLocalDate()));
        m.put("time", time(a.start().toLocalTime()));
        m.put("end_time", time(a.end().toLocalTime()));
        return m;
    }

    static Map<String, Object> frozen(Map<String, Object> m) {
        return Collections.unmodifiableMap(m);
    }
}
