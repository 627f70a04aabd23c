package dev.pulpo.orchestrator.dialogue;

import dev.pulpo.schemas.event.Handoff;
import dev.pulpo.schemas.event.InboundSnapshot;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything the orchestrator remembers of one conversation, in the {@code conversations} store.
 *
 * @param slots            the slots carried over between turns
 * @param flow             the dialogue in progress ({@code book}, {@code reschedule}, {@code price}) or null
 * @param recentMessageIds the channel message ids seen lately, newest last, so a redelivered message gives one turn
 * @param pending          the turn waiting for tool results, or null
 * @param queued           messages that arrived while a turn was pending, answered in order after it
 * @param lastMessageAt    the turn clock of the latest message, for forgetting slots after silence
 * @param lastBookingId    the booking this conversation made last, for cancel and reschedule
 * @param recentTurns      the latest messages of both sides, oldest first, for whoever takes over after a handoff
 * @param silencedUntil    while a person has the conversation, the turn clock until which the assistant stays
 *                         silent (a release ends it sooner); null when the assistant answers
 * @param toldToSlowDown   the customer went past the gateway's rate limit and was told so; no more such notices
 *                         until one of their messages is answered again
 */
public record ConversationState(
        Map<String, String> slots,
        String flow,
        List<String> recentMessageIds,
        PendingTurn pending,
        List<InboundSnapshot> queued,
        OffsetDateTime lastMessageAt,
        String lastBookingId,
        long turns,
        List<Handoff.Turn> recentTurns,
        OffsetDateTime silencedUntil,
        boolean toldToSlowDown) {

    static final int REMEMBERED_MESSAGE_IDS = 64;
    static final int REMEMBERED_TURNS = 10;

    public ConversationState {
        slots = slots == null ? Map.of() : Map.copyOf(slots);
        recentMessageIds = recentMessageIds == null ? List.of() : List.copyOf(recentMessageIds);
        queued = queued == null ? List.of() : List.copyOf(queued);
        recentTurns = recentTurns == null ? List.of() : List.copyOf(recentTurns);
    }

    public static ConversationState empty() {
        return new ConversationState(Map.of(), null, List.of(), null, List.of(), null, null, 0, List.of(), null, false);
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
        return new ConversationState(slots, flow, ids, pending, queued, lastMessageAt, lastBookingId, turns,
                recentTurns, silencedUntil, toldToSlowDown);
    }

    public ConversationState withPending(PendingTurn turn) {
        return new ConversationState(slots, flow, recentMessageIds, turn, queued, lastMessageAt, lastBookingId, turns,
                recentTurns, silencedUntil, toldToSlowDown);
    }

    public ConversationState withQueued(List<InboundSnapshot> snapshots) {
        return new ConversationState(slots, flow, recentMessageIds, pending, snapshots, lastMessageAt, lastBookingId,
                turns, recentTurns, silencedUntil, toldToSlowDown);
    }

    public ConversationState enqueue(InboundSnapshot snapshot) {
        List<InboundSnapshot> more = new ArrayList<>(queued);
        more.add(snapshot);
        return withQueued(more);
    }

    /** Keeps one more message of either side, forgetting the oldest beyond {@value #REMEMBERED_TURNS}. */
    public ConversationState record(Handoff.Turn turn) {
        List<Handoff.Turn> kept = new ArrayList<>(recentTurns);
        kept.add(turn);
        while (kept.size() > REMEMBERED_TURNS) {
            kept.removeFirst();
        }
        return new ConversationState(slots, flow, recentMessageIds, pending, queued, lastMessageAt, lastBookingId,
                turns, kept, silencedUntil, toldToSlowDown);
    }

    /** The state after a turn ended: its kept slots and flow, no pending turn. */
    public ConversationState afterTurn(Map<String, String> keptSlots, String newFlow, String bookingId) {
        return new ConversationState(keptSlots, newFlow, recentMessageIds, null, queued, lastMessageAt,
                bookingId == null ? lastBookingId : bookingId, turns + 1, recentTurns, silencedUntil, toldToSlowDown);
    }

    /** A person took the conversation: the assistant stays silent until {@code until} or a release. */
    public ConversationState handedOffUntil(OffsetDateTime until) {
        return new ConversationState(Map.of(), null, recentMessageIds, pending, queued, lastMessageAt, lastBookingId,
                turns, recentTurns, until, toldToSlowDown);
    }

    /** The assistant answers again (a release, or the silence ran out). */
    public ConversationState released() {
        return new ConversationState(slots, flow, recentMessageIds, pending, queued, lastMessageAt, lastBookingId,
                turns, recentTurns, null, toldToSlowDown);
    }

    /** Whether the customer was told to slow down ({@code true}), or is answered again ({@code false}). */
    public ConversationState withToldToSlowDown(boolean told) {
        return new ConversationState(slots, flow, recentMessageIds, pending, queued, lastMessageAt, lastBookingId,
                turns, recentTurns, silencedUntil, told);
    }

    public boolean silencedAt(OffsetDateTime clock) {
        return silencedUntil != null && clock.isBefore(silencedUntil);
    }

    /** The state as a new message finds it: slots forgotten when the customer was silent longer than {@code ttl}. */
    public ConversationState atMessage(OffsetDateTime receivedAt, Duration ttl) {
        boolean silent = lastMessageAt != null && receivedAt.isAfter(lastMessageAt.plus(ttl));
        return new ConversationState(silent ? Map.of() : slots, silent ? null : flow, recentMessageIds, pending, queued,
                receivedAt, lastBookingId, turns, recentTurns, silencedUntil, toldToSlowDown);
    }
}
