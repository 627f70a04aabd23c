package dev.pulpo.outbound.stream;

import dev.pulpo.schemas.event.ConversationId;
import dev.pulpo.schemas.event.OutboundMessage;

/** Where a reply goes, and how its parts are named: a reply goes only to its own conversation's customer. */
final class Addressing {
    private Addressing() {
    }

    /** Why the reply may not go where it says, or null when it goes to its own conversation's customer. */
    static String misaddressed(String key, OutboundMessage message) {
        String conversation = ConversationId.of(message.workspaceId(), message.to());
        if (!conversation.equals(message.conversationId()) || !conversation.equals(key)) {
            return "refused: the reply's recipient is not the customer of conversation "
                    + ConversationId.masked(key);
        }
        return null;
    }

    /** The outbound id, with {@code #n/total} when the reply goes out in parts. */
    static String partId(String outboundId, int index, int parts) {
        return parts == 1 ? outboundId : outboundId + "#" + (index + 1) + "/" + parts;
    }
}
