package dev.pulpo.tools.calendar;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Booking ids derive from the tool call's id, so a retried call finds the booking it already made
 * instead of taking a second chair.
 */
final class BookingIds {
    private BookingIds() {
    }

    static String fromCall(String workspaceId, String callId) {
        return UUID.nameUUIDFromBytes(("pulpo-booking:" + workspaceId + ":" + callId).getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
