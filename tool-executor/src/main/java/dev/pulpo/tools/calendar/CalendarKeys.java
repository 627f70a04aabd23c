package dev.pulpo.tools.calendar;

import java.time.LocalDate;

/**
 * How the calendar's stores are keyed. Every key is the workspace id, {@code |}, and what it names; a workspace id
 * cannot hold {@code |} (its schema allows letters, digits, {@code _ . -}), and {@code |} sorts after all of those,
 * so the keys from {@code <workspace>|} to {@code <workspace>|~} are exactly that workspace's, and its day keys
 * ({@code yyyy-mm-dd}) sort by date.
 */
public final class CalendarKeys {
    public static final char SEPARATOR = '|';

    private CalendarKeys() {
    }

    /** The calendar store: {@code <workspace_id>|<yyyy-mm-dd>} → {@link CalendarDay}. */
    public static String day(String workspaceId, LocalDate date) {
        return workspaceId + SEPARATOR + date;
    }

    /** Below every day key of the workspace: the lower bound of a range over its days. */
    public static String beforeFirstDay(String workspaceId) {
        return workspaceId + SEPARATOR;
    }

    /** The bookings index: {@code <workspace_id>|<booking_id>} → the day the booking starts on. */
    public static String booking(String workspaceId, String bookingId) {
        return workspaceId + SEPARATOR + bookingId;
    }

    /** The customers index: {@code <workspace_id>|<conversation_id>} → {@link CustomerBookings}. */
    public static String customer(String workspaceId, String conversationId) {
        return workspaceId + SEPARATOR + conversationId;
    }
}
