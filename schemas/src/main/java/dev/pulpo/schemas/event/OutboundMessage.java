package dev.pulpo.schemas.event;

import java.time.OffsetDateTime;

/**
 * A reply to send through Twilio.
 *
 * @param outboundId unique per message; the sender never sends the same id twice
 * @param to         the customer, E.164
 * @param from       the business's WhatsApp number, E.164
 */
public record OutboundMessage(
        int schemaVersion,
        String outboundId,
        String snapshotId,
        String decisionId,
        String conversationId,
        String workspaceId,
        String to,
        String from,
        String body,
        OffsetDateTime createdAt) {

    public static final int VERSION = 1;

    public OutboundMessage {
        Require.text(outboundId, "outbound_id");
        Require.text(snapshotId, "snapshot_id");
        Require.text(conversationId, "conversation_id");
        Require.text(workspaceId, "workspace_id");
        Require.text(to, "to");
        Require.present(body, "body");
        Require.present(createdAt, "created_at");
    }
}
