package dev.pulpo.schemas.event;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * One customer message, the only way into the system. {@code receivedAt} is the turn's clock: every
 * relative date and every calendar rule of the turn is resolved against it, never against the wall.
 *
 * @param messageId the channel's own id (Twilio's MessageSid, n8n's message_id), used for dedupe
 * @param replyVia  {@code twilio} when the reply must be sent through Twilio, {@code none} otherwise
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
        OffsetDateTime receivedAt) {

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
    }

    public boolean repliesThroughTwilio() {
        return REPLY_VIA_TWILIO.equals(replyVia);
    }
}
