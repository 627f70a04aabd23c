package dev.pulpo.tools.calendar;

import java.util.Locale;

/** Why the calendar says no. Each code is what the {@code reason} key of a tool result carries. */
public enum Reason {
    /** The service is neither an id, a name nor an unambiguous synonym of the catalog. */
    UNKNOWN_SERVICE,
    /** The catalog gives the service no positive duration, so it cannot take a slot. */
    SERVICE_NOT_BOOKABLE,
    /** The day, or the start time, is already behind the turn's clock. */
    PAST,
    /** Later than today + {@code horizon_days}. */
    BEYOND_HORIZON,
    /** No opening hours that day. */
    CLOSED,
    /** The service is longer than every opening interval of the day. */
    SERVICE_TOO_LONG,
    /** The start time is in no opening interval. */
    OUTSIDE_HOURS,
    /** The service would still be running when its interval closes (a break or the end of the day). */
    OVERRUNS_CLOSING,
    /** The start time is not on the {@code slot_step_minutes} grid of its interval. */
    OFF_GRID,
    /** Earlier than now + {@code min_lead_minutes}. */
    TOO_SOON,
    /** Every chair is busy at some moment of the service. */
    TAKEN,
    /** Every start of the day is taken. */
    FULLY_BOOKED,
    /** The booking belongs to another customer. */
    NOT_YOUR_BOOKING,
    /** No booking has the given id. */
    UNKNOWN_BOOKING,
    /** The customer has no booked appointment ahead. */
    NO_UPCOMING_BOOKING,
    /** The booking was cancelled, so there is nothing to move. */
    BOOKING_CANCELLED,
    /** The appointment has already begun; it can no longer be cancelled or moved by the assistant. */
    ALREADY_STARTED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
