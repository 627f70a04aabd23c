package dev.pulpo.orchestrator.stream;

import dev.pulpo.orchestrator.dialogue.ConversationState;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The deadlines of the turns waiting for tool results, by conversation, in their own small store: the
 * punctuator that answers overdue turns walks these few entries, never every conversation.
 */
final class PendingDeadlines {
    private final KeyValueStore<String, Long> store;

    PendingDeadlines(KeyValueStore<String, Long> store) {
        this.store = store;
    }

    /** Keeps the store in step with a conversation's state after every change. */
    void track(String conversationId, ConversationState state) {
        if (state.pending() != null) {
            store.put(conversationId, state.pending().deadlineMs());
        } else if (store.get(conversationId) != null) {
            store.delete(conversationId);
        }
    }

    KeyValueStore<String, Long> store() {
        return store;
    }
}
