package dev.pulpo.schemas.event;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Ids derived from the snapshot that starts a turn. Being derived rather than random, they come out the
 * same when a turn is processed again after a crash or in a replay, so every consumer can be idempotent
 * on them, and the gateway knows a decision's id before the decision exists.
 */
public final class TurnIds {
    private TurnIds() {
    }

    /**
     * The snapshot id of a message: derived from the conversation and the channel's message id when there is one,
     * so a caller's retry of the same message (n8n's "retry on fail", Twilio's redelivery) is the same snapshot,
     * with the same decision; random for a message without an id.
     */
    public static String snapshotId(String conversationId, String messageId) {
        if (messageId == null || messageId.isBlank()) {
            return UUID.randomUUID().toString();
        }
        return UUID.nameUUIDFromBytes(("snapshot:" + conversationId + "\u0000" + messageId)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    public static String decisionId(String snapshotId) {
        return UUID.nameUUIDFromBytes(("decision:" + snapshotId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The call id of the {@code index}-th call of a turn's {@code round}-th round of tool calls. */
    public static String callId(String decisionId, int round, int index) {
        return decisionId + ":" + round + ":" + index;
    }

    public static String outboundId(String decisionId) {
        return decisionId + ":reply";
    }
}
