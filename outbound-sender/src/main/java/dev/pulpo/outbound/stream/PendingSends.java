package dev.pulpo.outbound.stream;

import dev.pulpo.schemas.event.OutboundMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * A conversation's replies that wait for an attempt, in the {@code pending-sends} store, oldest first:
 * only the head is ever tried, so a customer reads the replies in the order they were written.
 */
public record PendingSends(List<Waiting> queue) {

    public PendingSends {
        queue = queue == null ? List.of() : List.copyOf(queue);
    }

    /**
     * A reply waiting for its next attempt.
     *
     * @param origin   where it was read, for its dead letter
     * @param attempts the attempts already made on its next unsent part
     * @param dueAtMs  the wall-clock time of its next attempt
     */
    public record Waiting(OutboundMessage message, Origin origin, int attempts, long dueAtMs) {
        Waiting retryAt(int attemptsMade, long atMs) {
            return new Waiting(message, origin, attemptsMade, atMs);
        }
    }

    /** The record a reply came from. */
    public record Origin(String topic, int partition, long offset) {
    }

    static PendingSends empty() {
        return new PendingSends(List.of());
    }

    boolean none() {
        return queue.isEmpty();
    }

    Waiting head() {
        return queue.getFirst();
    }

    PendingSends append(Waiting waiting) {
        List<Waiting> more = new ArrayList<>(queue);
        more.add(waiting);
        return new PendingSends(more);
    }

    PendingSends withHead(Waiting head) {
        List<Waiting> changed = new ArrayList<>(queue);
        changed.set(0, head);
        return new PendingSends(changed);
    }

    PendingSends withoutHead() {
        return new PendingSends(queue.subList(1, queue.size()));
    }
}
