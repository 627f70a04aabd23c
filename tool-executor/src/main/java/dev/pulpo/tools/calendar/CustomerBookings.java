package dev.pulpo.tools.calendar;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One customer's bookings in one workspace: an index beside the calendar's days, under {@link CalendarKeys#customer},
 * so "cancel my appointment" and the open-bookings limit read a few keys instead of every day.
 *
 * <p>Bounded: {@code open} loses the appointments that have begun at each write, so it holds at most the open-bookings
 * limit (plus any begun since the customer's last change); {@code recent} holds the last {@link #RECENT} changes.
 *
 * @param open   the customer's booked appointments, soonest first: booking id and start
 * @param recent the last changes the customer's calls made, newest first: a retried cancel or move is answered with
 *               what it did instead of acting on another booking
 */
public record CustomerBookings(String workspaceId, String conversationId, List<Open> open, List<Change> recent) {

    /** How many of the customer's last changes are remembered. */
    public static final int RECENT = 10;

    /** A booked appointment of the customer. */
    public record Open(String bookingId, LocalDateTime start) {
        public Open {
            Objects.requireNonNull(bookingId, "booking_id");
            Objects.requireNonNull(start, "start");
        }
    }

    /** A call of the customer and the booking it changed. */
    public record Change(String callId, String bookingId) {
        public Change {
            Objects.requireNonNull(callId, "call_id");
            Objects.requireNonNull(bookingId, "booking_id");
        }
    }

    public CustomerBookings {
        Objects.requireNonNull(workspaceId, "workspace_id");
        Objects.requireNonNull(conversationId, "conversation_id");
        open = open == null ? List.of()
                : open.stream().sorted(Comparator.comparing(Open::start).thenComparing(Open::bookingId)).toList();
        recent = recent == null ? List.of() : List.copyOf(recent);
    }

    public static CustomerBookings empty(String workspaceId, String conversationId) {
        return new CustomerBookings(workspaceId, conversationId, List.of(), List.of());
    }

    @JsonIgnore
    public boolean isEmpty() {
        return open.isEmpty() && recent.isEmpty();
    }

    /**
     * After a call changed one of the customer's appointments: it is open when it holds a chair, its change is the
     * newest, and whatever has begun by {@code now} (in the workspace's {@code zone}) is no longer open.
     */
    public CustomerBookings after(Appointment changed, ZoneId zone, Instant now) {
        List<Open> nextOpen = new ArrayList<>(open.stream()
                .filter(o -> !o.bookingId().equals(changed.bookingId()))
                .filter(o -> o.start().atZone(zone).toInstant().isAfter(now))
                .toList());
        if (changed.holdsChair()) {
            nextOpen.add(new Open(changed.bookingId(), changed.start()));
        }
        List<Change> nextRecent = new ArrayList<>(RECENT);
        if (changed.lastCallId() != null) {
            nextRecent.add(new Change(changed.lastCallId(), changed.bookingId()));
        }
        recent.stream()
                .filter(c -> changed.lastCallId() == null || !c.callId().equals(changed.lastCallId()))
                .limit(RECENT - nextRecent.size())
                .forEach(nextRecent::add);
        return new CustomerBookings(workspaceId, conversationId, nextOpen, nextRecent);
    }

    /** Without any mention of the booking: it left the calendar. */
    public CustomerBookings forgetting(String bookingId) {
        return new CustomerBookings(workspaceId, conversationId,
                open.stream().filter(o -> !o.bookingId().equals(bookingId)).toList(),
                recent.stream().filter(c -> !c.bookingId().equals(bookingId)).toList());
    }
}
