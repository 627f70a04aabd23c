package dev.pulpo.tools.calendar;

import java.time.LocalDateTime;
import java.util.List;
import java.util.stream.Stream;

/**
 * Whether one more appointment fits beside the booked ones: at no moment of it may every chair be busy.
 * Counting the chairs busy at each moment (not the appointments touching the range) matters: two short
 * bookings at 10:00 and 10:30 overlap a 10:00–10:45 service but only ever take one chair at a time.
 * Since appointments are intervals, "at most N at every moment" also means N fixed chairs can serve them.
 */
record ChairCapacity(int chairs, List<Appointment> booked) {

    ChairCapacity {
        // A workspace without the rule gets 0 from JSON; one chair is the only safe reading of that.
        chairs = Math.max(1, chairs);
        booked = List.copyOf(booked);
    }

    boolean fits(LocalDateTime start, LocalDateTime end) {
        List<Appointment> overlapping = booked.stream().filter(a -> a.overlaps(start, end)).toList();
        if (overlapping.size() < chairs) {
            return true;
        }
        // The busiest moment of [start, end) is its start or the start of an appointment inside it.
        return Stream.concat(Stream.of(start), overlapping.stream().map(Appointment::start).filter(s -> s.isAfter(start)))
                .allMatch(moment -> overlapping.stream().filter(a -> a.takesChairAt(moment)).count() < chairs);
    }
}
