package dev.pulpo.orchestrator.stream;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * When each conversation was last active (wall clock), indexed by time, so the conversations silent past
 * the retention are found with one range scan instead of a walk over every conversation.
 */
final class ConversationRetention {
    private final KeyValueStore<String, Long> lastSeen;
    private final KeyValueStore<String, String> bySilence;

    ConversationRetention(KeyValueStore<String, Long> lastSeen, KeyValueStore<String, String> bySilence) {
        this.lastSeen = lastSeen;
        this.bySilence = bySilence;
    }

    void touch(String conversationId, long nowMs) {
        Long previous = lastSeen.get(conversationId);
        if (previous != null) {
            bySilence.delete(indexKey(previous, conversationId));
        }
        bySilence.put(indexKey(nowMs, conversationId), conversationId);
        lastSeen.put(conversationId, nowMs);
    }

    /** The conversations last active at or before {@code cutoffMs}, oldest first. */
    List<String> silentSince(long cutoffMs) {
        List<String> silent = new ArrayList<>();
        try (KeyValueIterator<String, String> range = bySilence.range(indexKey(0, ""), indexKey(cutoffMs, "\uffff"))) {
            while (range.hasNext()) {
                KeyValue<String, String> entry = range.next();
                silent.add(entry.value);
            }
        }
        return silent;
    }

    void forget(String conversationId) {
        Long previous = lastSeen.get(conversationId);
        if (previous != null) {
            bySilence.delete(indexKey(previous, conversationId));
            lastSeen.delete(conversationId);
        }
    }

    /** Zero-padded, so the store's byte order is the time order. */
    private static String indexKey(long ms, String conversationId) {
        return String.format("%019d|%s", ms, conversationId);
    }
}
