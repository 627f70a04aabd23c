package dev.pulpo.schemas.event;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * One customer message, the only way into the system. {@code receivedAt} is the turn's clock: every
 * relative date and every calendar rule of the turn is resolved against it, never against the wall.
 *
 * @param messageId the channel's own id (Twilio's MessageSid, n8n's message_id), used for dedupe
 * @param replyVia  {@code twilio} when the reply must be sent through Twilio, {@code none} otherwise
 * @param rateLimited true when the customer went past the gateway's rate limit with this message: the
 *                  orchestrator runs no turn for it and tells the customer, once, to slow down; absent (null)
 *                  otherwise, so a snapshot within the limit reads as it always did
 */
public record InboundSnapshot(
        int schemaVersion,
        String snapshotId,
        String conversationId,
        String workspaceId,
        String userPhone,
        Channel channel,
        String messageId,
        String text,
        List<Media> media,
        String profileName,
        String businessPhone,
        String replyVia,
        OffsetDateTime receivedAt,
        Boolean rateLimited) {

    public static final int VERSION = 1;
    public static final String REPLY_VIA_TWILIO = "twilio";
    public static final String REPLY_VIA_NONE = "none";

    public InboundSnapshot {
        Require.text(snapshotId, "snapshot_id");
        Require.text(conversationId, "conversation_id");
        Require.text(workspaceId, "workspace_id");
        Require.text(userPhone, "user_phone");
        Require.present(channel, "channel");
        Require.present(receivedAt, "received_at");
        text = text == null ? "" : text;
        media = media == null ? List.of() : List.copyOf(media);
        messageId = messageId == null || messageId.isBlank() ? snapshotId : messageId;
        replyVia = replyVia == null || replyVia.isBlank()
                ? (channel == Channel.TWILIO ? REPLY_VIA_TWILIO : REPLY_VIA_NONE)
                : replyVia;
        rateLimited = Boolean.TRUE.equals(rateLimited) ? Boolean.TRUE : null;
    }

    /** A message within the rate limit, as every way in writes it. */
    public InboundSnapshot(int schemaVersion, String snapshotId, String conversationId, String workspaceId,
            String userPhone, Channel channel, String messageId, String text, List<Media> media, String profileName,
            String businessPhone, String replyVia, OffsetDateTime receivedAt) {
        this(schemaVersion, snapshotId, conversationId, workspaceId, userPhone, channel, messageId, text, media,
                profileName, businessPhone, replyVia, receivedAt, null);
    }

    /** The same message, marked as past the customer's rate limit. */
    public InboundSnapshot overRateLimit() {
        return new InboundSnapshot(schemaVersion, snapshotId, conversationId, workspaceId, userPhone, channel,
                messageId, text, media, profileName, businessPhone, replyVia, receivedAt, Boolean.TRUE);
    }

    /** Whether the customer sent this message past the gateway's rate limit. */
    public boolean pastRateLimit() {
        return Boolean.TRUE.equals(rateLimited);
    }

    public boolean repliesThroughTwilio() {
        return REPLY_VIA_TWILIO.equals(replyVia);
    }
}
