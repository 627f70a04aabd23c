package dev.pulpo.tools.calendar;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * One appointment of a workspace's calendar.
 *
 * @param conversationId the customer, {@code {workspace_id}:{phone}}; only they may cancel or move it
 * @param serviceName    kept as booked, so a later rename in the catalog does not rewrite history
 * @param start          wall-clock time in the workspace's zone, as the customer and the salon read it
 * @param end            exclusive: an appointment ending at 10:00 and one starting at 10:00 do not overlap
 * @param createdAt      the turn's clock when it was booked
 * @param lastCallId     the tool call that booked, moved or cancelled it last, so a retry of that call is answered
 *                       with what it already did instead of acting again
 */
public record Appointment(
        String bookingId,
        String workspaceId,
        String conversationId,
        String serviceId,
        String serviceName,
        LocalDateTime start,
        LocalDateTime end,
        AppointmentStatus status,
        OffsetDateTime createdAt,
        String lastCallId) {

    public Appointment {
        Objects.requireNonNull(bookingId, "booking_id");
        Objects.requireNonNull(workspaceId, "workspace_id");
        Objects.requireNonNull(conversationId, "conversation_id");
        Objects.requireNonNull(serviceId, "service_id");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(status, "status");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("appointment " + bookingId + " ends at " + end + ", not after its start " + start);
        }
    }

    /** Whether it still takes a chair. */
    public boolean holdsChair() {
        return status == AppointmentStatus.BOOKED;
    }

    public boolean ownedBy(String conversation) {
        return conversationId.equals(conversation);
    }

    /** Whether it shares any moment with the half-open range {@code [from, to)}. */
    public boolean overlaps(LocalDateTime from, LocalDateTime to) {
        return start.isBefore(to) && end.isAfter(from);
    }

    /** Whether the chair is taken at this moment. */
    public boolean takesChairAt(LocalDateTime moment) {
        return !start.isAfter(moment) && end.isAfter(moment);
    }

    public Duration length() {
        return Duration.between(start, end);
    }

    public Appointment cancelledBy(String callId) {
        return new Appointment(bookingId, workspaceId, conversationId, serviceId, serviceName, start, end,
                AppointmentStatus.CANCELLED, createdAt, callId);
    }

    /** The same booking at a new start, keeping the length it was booked with. */
    public Appointment movedTo(LocalDateTime newStart, String callId) {
        return new Appointment(bookingId, workspaceId, conversationId, serviceId, serviceName, newStart,
                newStart.plus(length()), status, createdAt, callId);
    }
}
