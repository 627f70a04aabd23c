package dev.pulpo.tools.stream;

import dev.pulpo.tools.calendar.Appointment;
import dev.pulpo.tools.calendar.CalendarDay;
import dev.pulpo.tools.calendar.CustomerBookings;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the calendars stored before issue 12, one value per workspace under its bare id, to a value per day and the two
 * indexes, then deletes the old value. The calendar store keeps its name, so its changelog restores the old values
 * first and this runs on them before the task answers its first call. A later release may drop it.
 */
final class CalendarMigration {
    private static final Logger log = LoggerFactory.getLogger(CalendarMigration.class);
    /** Oldest booked first, so a day keeps the most recent cancelled ones, and a customer's last change is newest. */
    private static final Comparator<Appointment> AS_BOOKED = Comparator
            .comparing(Appointment::createdAt, Comparator.nullsFirst(Comparator.comparing(OffsetDateTime::toInstant)))
            .thenComparing(Appointment::bookingId);

    private CalendarMigration() {
    }

    /** @return how many whole calendars were moved to days */
    static int run(KeyValueStore<String, CalendarDay> days, KeyValueStore<String, String> bookings,
                   KeyValueStore<String, CustomerBookings> customers, int cancelledPerDay) {
        List<KeyValue<String, CalendarDay>> whole = new ArrayList<>();
        try (KeyValueIterator<String, CalendarDay> all = days.all()) {
            all.forEachRemaining(kv -> {
                if (kv.value.isWholeCalendar()) {
                    whole.add(kv);
                }
            });
        }
        for (KeyValue<String, CalendarDay> calendar : whole) {
            StoredCalendar stored = new StoredCalendar(calendar.value.workspaceId(), days, bookings, customers);
            // Instant.MIN: no booking counts as begun here; each customer's next change drops the begun ones.
            calendar.value.appointments().stream().sorted(AS_BOOKED)
                    .forEach(a -> stored.save(a, ZoneOffset.UTC, Instant.MIN, cancelledPerDay));
            days.delete(calendar.key);
            log.info("calendar of workspace {} moved to a value per day: {} appointments", calendar.value.workspaceId(),
                    calendar.value.appointments().size());
        }
        return whole.size();
    }
}
