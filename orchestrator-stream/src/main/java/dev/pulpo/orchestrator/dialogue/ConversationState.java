package dev.pulpo.orchestrator.dialogue;

import dev.pulpo.schemas.event.InboundSnapshot;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything the orchestrator remembers of one conversation, in the {@code conversations} store.
 *
 * @param slots            the slots carried over between turns
 * @param flow             the dialogue in progress ({@code book}, {@code reschedule}) or null
 * @param recentMessageIds the channel message ids seen lately, newest last, so a redelivered message gives one turn
 * @param pending          the turn waiting for tool results, or null
 * @param queued           messages that arrived while a turn was pending, answered in order after it
 * @param lastMessageAt    the turn clock of the latest message, for forgetting slots after silence
 * @param lastBookingId    the booking this conversation made last, for cancel and reschedule
 */
public record ConversationState(
        Map<String, String> slots,
        String flow,
        List<String> recentMessageIds,
        PendingTurn pending,
        List<InboundSnapshot> queued,
        OffsetDateTime lastMessageAt,
        String lastBookingId,
        long turns) {

    static final int REMEMBERED_MESSAGE_IDS = 64;

    public ConversationState {
        slots = slots == null ? Map.of() : Map.copyOf(slots);
        recentMessageIds = recentMessageIds == null ? List.of() : List.copyOf(recentMessageIds);
        queued = queued == null ? List.of() : List.copyOf(queued);
    }

    public static ConversationState empty() {
        return new ConversationState(Map.of(), null, List.of(), null, List.of(), null, null, 0);
    }

    public boolean seen(String messageId) {
        return recentMessageIds.contains(messageId);
    }

    public ConversationState remember(String messageId) {
        List<String> ids = new ArrayList<>(recentMessageIds);
        ids.add(messageId);
        while (ids.size() > REMEMBERED_MESSAGE_IDS) {
            ids.removeFirst();
        }
        return new ConversationState(slots, flow, ids, pending, queued, lastMessageAt, lastBookingId, turns);
    }

    public ConversationState withPending(PendingTurn turn) {
        return new ConversationState(slots, flow, recentMessageIds, turn, queued, lastMessageAt, lastBookingId, turns);
    }

    public ConversationState withQueued(List<InboundSnapshot> snapshots) {
        return new ConversationState(slots, flow, recentMessageIds, pending, snapshots, lastMessageAt, lastBookingId,
                turns);
    }

    public ConversationState enqueue(InboundSnapshot snapshot) {
        List<InboundSnapshot> more = new ArrayList<>(queued);
        more.add(snapshot);
        return withQueued(more);
    }

    /** The state after a turn ended: its kept slots and flow, no pending turn. */
    public ConversationState afterTurn(Map<String, String> keptSlots, String newFlow, String bookingId) {
        return new ConversationState(keptSlots, newFlow, recentMessageIds, null, queued, lastMessageAt,
                bookingId == null ? lastBookingId : bookingId, turns + 1);
    }

    /** The state as a new message finds it: slots forgotten when the customer was silent longer than {@code ttl}. */
    public ConversationState atMessage(OffsetDateTime receivedAt, java.time.Duration ttl) {
        boolean silent = lastMessageAt != null && receivedAt.isAfter(lastMessageAt.plus(ttl));
        return new ConversationState(silent ? Map.of() : slots, silent ? null : flow, recentMessageIds, pending, queued,
                receivedAt, lastBookingId, turns);
    }
}
