package dev.pulpo.schemas.event;

/** The key of every conversation topic: {@code {workspace_id}:{user_phone_e164}}. */
public final class ConversationId {
    private ConversationId() {
    }

    public static String of(String workspaceId, String userPhone) {
        return workspaceId + ":" + userPhone;
    }

    public static String workspaceOf(String conversationId) {
        int colon = conversationId.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("not a conversation id: " + conversationId);
        }
        return conversationId.substring(0, colon);
    }
}
