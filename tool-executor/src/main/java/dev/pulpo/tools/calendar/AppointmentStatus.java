package dev.pulpo.tools.calendar;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether an appointment still holds a chair. Cancelled ones stay in the calendar so retries and owners can see them. */
public enum AppointmentStatus {
    @JsonProperty("booked")
    BOOKED,
    @JsonProperty("cancelled")
    CANCELLED;

    /** The lower-case word used in JSON and in tool results. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
