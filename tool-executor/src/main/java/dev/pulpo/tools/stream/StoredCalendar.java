package dev.pulpo.tools.stream;

import dev.pulpo.tools.calendar.Appointment;
import dev.pulpo.tools.calendar.CalendarDay;
import dev.pulpo.tools.calendar.CalendarKeys;
import dev.pulpo.tools.calendar.CalendarView;
import dev.pulpo.tools.calendar.CustomerBookings;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One workspace's calendar as its three stores hold it, for one call: read what the decision needs, then write the
 * one appointment it changed. No value grows with the business's history:
 * <ul>
 *   <li>{@code calendar}: {@code <workspace>|<yyyy-mm-dd>} → the {@link CalendarDay}, bounded by the day's chairs and
 *       starts, and its cancelled appointments by {@code calendarCancelledPerDay};</li>
 *   <li>{@code calendar-bookings}: {@code <workspace>|<booking_id>} → the day it starts on, so a booking is found by its
 *       id (cancel, move, a retried booking) in two reads;</li>
 *   <li>{@code calendar-customers}: {@code <workspace>|<conversation_id>} → the customer's {@link CustomerBookings}:
 *       their open bookings and last changes, bounded by the open-bookings limit.</li>
 * </ul>
 * Only the task that owns the workspace's partition of the repartition topic touches these keys, so a read and the
 * write that follows are atomic; all three changelogs commit in the call's exactly-once transaction.
 */
final class StoredCalendar implements CalendarView {
    private final String workspaceId;
    private final KeyValueStore<String, CalendarDay> days;
    private final KeyValueStore<String, String> bookings;
    private final KeyValueStore<String, CustomerBookings> customers;
    /** The days read during this call: availability and its nearest slots read the same days many times. */
    private final Map<LocalDate, CalendarDay> read = new HashMap<>();

    StoredCalendar(String workspaceId, KeyValueStore<String, CalendarDay> days, KeyValueStore<String, String> bookings,
                   KeyValueStore<String, CustomerBookings> customers) {
        this.workspaceId = workspaceId;
        this.days = days;
        this.bookings = bookings;
        this.customers = customers;
    }

    @Override
    public String workspaceId() {
        return workspaceId;
    }

    @Override
    public Optional<Appointment> find(String bookingId) {
        return dayOf(bookingId).flatMap(d -> day(d).find(bookingId));
    }

    @Override
    public List<Appointment> holdingChairsBetween(LocalDateTime from, LocalDateTime to) {
        // An appointment is kept under the day it starts on, and lasts less than a day (it ends by its interval's
        // closing): the day before {@code from} is the earliest that may reach into the range.
        List<Appointment> found = new ArrayList<>();
        for (LocalDate d = from.toLocalDate().minusDays(1); !d.isAfter(to.toLocalDate()); d = d.plusDays(1)) {
            day(d).appointments().stream().filter(Appointment::holdsChair).filter(a -> a.overlaps(from, to))
                    .forEach(found::add);
        }
        return found;
    }

    @Override
    public List<Appointment> bookedBy(String conversationId) {
        return customer(conversationId).open().stream()
                .flatMap(o -> find(o.bookingId()).stream())
                .filter(Appointment::holdsChair)
                .filter(a -> a.ownedBy(conversationId))
                .toList();
    }

    @Override
    public Optional<Appointment> changedBy(String callId, String conversationId) {
        return customer(conversationId).recent().stream()
                .filter(c -> c.callId().equals(callId))
                .findFirst()
                .flatMap(c -> find(c.bookingId()))
                .filter(a -> callId.equals(a.lastCallId()) && a.ownedBy(conversationId));
    }

    /**
     * Stores the appointment as it is now: in the day it starts on (leaving the day it started on, when it moved), in
     * the bookings index, and in its customer's bookings as of the turn's clock. The day then drops the cancelled
     * appointments past {@code cancelledPerDay}, and each of them its index entries.
     */
    void save(Appointment next, ZoneId zone, Instant now, int cancelledPerDay) {
        LocalDate date = next.start().toLocalDate();
        dayOf(next.bookingId()).filter(previous -> !previous.equals(date))
                .ifPresent(previous -> putDay(day(previous).without(next.bookingId())));
        CalendarDay day = day(date).with(next);
        List<Appointment> dropped = day.cancelledBeyond(cancelledPerDay, next.bookingId());
        putDay(day.withoutAll(dropped));
        bookings.put(CalendarKeys.booking(workspaceId, next.bookingId()), date.toString());
        putCustomer(customer(next.conversationId()).after(next, zone, now));
        dropped.forEach(this::forget);
    }

    /**
     * Drops the days before {@code firstKept}, with their appointments' index entries: a past day only answers the
     * owners' questions for a while, and the calendar must not grow with the business's history.
     *
     * @return how many days were dropped
     */
    int dropDaysBefore(LocalDate firstKept) {
        List<KeyValue<String, CalendarDay>> past = new ArrayList<>();
        try (KeyValueIterator<String, CalendarDay> range = days.range(CalendarKeys.beforeFirstDay(workspaceId),
                CalendarKeys.day(workspaceId, firstKept.minusDays(1)))) {
            range.forEachRemaining(past::add);
        }
        for (KeyValue<String, CalendarDay> day : past) {
            day.value.appointments().forEach(this::forget);
            days.delete(day.key);
            if (day.value.date() != null) {
                read.remove(day.value.date());
            }
        }
        return past.size();
    }

    private void forget(Appointment gone) {
        bookings.delete(CalendarKeys.booking(workspaceId, gone.bookingId()));
        CustomerBookings customer = customers.get(CalendarKeys.customer(workspaceId, gone.conversationId()));
        if (customer != null) {
            putCustomer(customer.forgetting(gone.bookingId()));
        }
    }

    private Optional<LocalDate> dayOf(String bookingId) {
        return Optional.ofNullable(bookings.get(CalendarKeys.booking(workspaceId, bookingId))).map(LocalDate::parse);
    }

    private CalendarDay day(LocalDate date) {
        return read.computeIfAbsent(date, d -> {
            CalendarDay stored = days.get(CalendarKeys.day(workspaceId, d));
            return stored != null ? stored : CalendarDay.empty(workspaceId, d);
        });
    }

    private void putDay(CalendarDay day) {
        read.put(day.date(), day);
        String key = CalendarKeys.day(workspaceId, day.date());
        if (day.appointments().isEmpty()) {
            days.delete(key);
        } else {
            days.put(key, day);
        }
    }

    private CustomerBookings customer(String conversationId) {
        CustomerBookings stored = customers.get(CalendarKeys.customer(workspaceId, conversationId));
        return stored != null ? stored : CustomerBookings.empty(workspaceId, conversationId);
    }

    private void putCustomer(CustomerBookings customer) {
        String key = CalendarKeys.customer(workspaceId, customer.conversationId());
        if (customer.isEmpty()) {
            customers.delete(key);
        } else {
            customers.put(key, customer);
        }
    }
}
