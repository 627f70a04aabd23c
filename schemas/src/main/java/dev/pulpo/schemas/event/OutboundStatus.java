package dev.pulpo.schemas.event;

import java.time.OffsetDateTime;

/**
 * A send attempt or a delivery status of an outbound message: {@code dry_run}, {@code queued},
 * {@code sent}, {@code delivered}, {@code read}, {@code failed}, {@code undelivered}.
 *
 * @param providerId Twilio's message SID, when Twilio took the message
 */
public record OutboundStatus(
        int schemaVersion,
        String outboundId,
        String conversationId,
        String workspaceId,
        String status,
        String providerId,
        int attempt,
        String error,
        OffsetDateTime at) {

    public static final int VERSION = 1;
    public static final String DRY_RUN = "dry_run";

    public OutboundStatus {
        Require.text(outboundId, "outbound_id");
        Require.text(conversationId, "conversation_id");
        Require.text(status, "status");
        Require.present(at, "at");
    }
}
