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

    /**
     * The id as logs may show it: the workspace in full, the phone reduced to its country prefix and last
     * four digits, so an operator can follow a conversation without the log holding the number.
     */
    public static String masked(String conversationId) {
        if (conversationId == null) {
            return "-";
        }
        int colon = conversationId.lastIndexOf(':');
        String phone = colon < 0 ? conversationId : conversationId.substring(colon + 1);
        String prefix = colon < 0 ? "" : conversationId.substring(0, colon + 1);
        if (phone.length() <= 7) {
            return prefix + "***";
        }
        return prefix + phone.substring(0, 3) + "***" + phone.substring(phone.length() - 4);
    }
}
