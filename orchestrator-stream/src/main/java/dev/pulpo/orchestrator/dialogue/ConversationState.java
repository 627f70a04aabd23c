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
 * @param recentMessageIds the channel message ids seen lately (as dedupe keys, with when), newest last, so a
 *                         redelivered message gives one turn; at most {@link StateLimits#dedupeMaxIds}, none older
 *                         than {@link StateLimits#dedupeWindow}
 * @param pending          the turn waiting for tool results, or null
 * @param queued           messages that arrived while a turn was pending, answered in order after it; at most
 *                         {@link StateLimits#maxQueuedMessages} and {@link StateLimits#maxQueuedBytes}
 * @param lastMessageAt    the turn clock of the latest message, for forgetting slots after silence
 * @param lastBookingId    the booking this conversation made last, for cancel and reschedule
 * @param recentTurns      the latest messages of both sides, oldest first, for whoever takes over after a handoff;
 *                         at most {@link StateLimits#handoffTurns}, each cut to
 *                         {@link StateLimits#maxHandoffTurnChars}
 * @param silencedUntil    while a person has the conversation, the turn clock until which the assistant stays
 *                         silent (a release ends it sooner); null when the assistant answers
 * @param toldToSlowDown   the customer went past the gateway's rate limit and was told so; no more such notices
 *                         until one of their messages is answered again
 * @param toldToWait       a message found the queue full and the customer was told to wait a moment; no more such
 *                         notices until every message that waited has been taken
 */
public record ConversationState(
        Map<String, String> slots,
        String flow,
        List<SeenMessage> recentMessageIds,
        PendingTurn pending,
        List<InboundSnapshot> queued,
        OffsetDateTime lastMessageAt,
        String lastBookingId,
        long turns,
        List<Handoff.Turn> recentTurns,
        OffsetDateTime silencedUntil,
        Boolean toldToSlowDown,
        Boolean toldToWait) {

    public ConversationState {
        // Boxed, so a state stored before a flag existed reads as the flag unset (the mapper refuses a missing
        // primitive).
        toldToSlowDown = Boolean.TRUE.equals(toldToSlowDown);
        toldToWait = Boolean.TRUE.equals(toldToWait);
        slots = slots == null ? Map.of() : Map.copyOf(slots);
        recentMessageIds = recentMessageIds == null ? List.of() : List.copyOf(recentMessageIds);
        queued = queued == null ? List.of() : List.copyOf(queued);
        recentTurns = recentTurns == null ? List.of() : List.copyOf(recentTurns);
    }

    public static ConversationState empty() {
        return new ConversationState(Map.of(), null, List.of(), null, List.of(), null, null, 0, List.of(), null, false,
                false);
    }

    /**
     * Whether a message with this dedupe key ({@link SeenMessage#keyOf}) was seen within {@code window} before
     * {@code at}.
     */
    public boolean seen(String messageKey, OffsetDateTime at, Duration window) {
        OffsetDateTime since = at.minus(window);
        return recentMessageIds.stream().anyMatch(m -> m.id().equals(messageKey)
                && (m.at() == null || !m.at().isBefore(since)));
    }

    /**
     * Remembers a message's dedupe key, seen at {@code at}, forgetting the ids older than the window before it and
     * the oldest beyond the count.
     */
    public ConversationState remember(String messageKey, OffsetDateTime at, StateLimits limits) {
        OffsetDateTime since = at.minus(limits.dedupeWindow());
        List<SeenMessage> ids = new ArrayList<>(recentMessageIds.size() + 1);
        for (SeenMessage m : recentMessageIds) {
            if (m.at() == null || !m.at().isBefore(since)) {
                ids.add(m);
            }
        }
        ids.add(new SeenMessage(messageKey, at));
        while (ids.size() > limits.dedupeMaxIds()) {
            ids.removeFirst();
        }
        return new ConversationState(slots, flow, ids, pending, queued, lastMessageAt, lastBookingId, turns,
                recentTurns, silencedUntil, toldToSlowDown, toldToWait);
    }

    public ConversationState withPending(PendingTurn turn) {
        return new ConversationState(slots, flow, recentMessageIds, turn, queued, lastMessageAt, lastBookingId, turns,
                recentTurns, silencedUntil, toldToSlowDown, toldToWait);
    }

    public ConversationState withQueued(List<InboundSnapshot> snapshots) {
        return new ConversationState(slots, flow, recentMessageIds, pending, snapshots, lastMessageAt, lastBookingId,
                turns, recentTurns, silencedUntil, toldToSlowDown, toldToWait);
    }

    public ConversationState enqueue(InboundSnapshot snapshot) {
        List<InboundSnapshot> more = new ArrayList<>(queued);
        more.add(snapshot);
        return withQueued(more);
    }

    /**
     * Keeps one more message of either side, its text cut to {@link StateLimits#maxHandoffTurnChars}, forgetting
     * the oldest beyond {@link StateLimits#handoffTurns}.
     */
    public ConversationState record(Handoff.Turn turn, StateLimits limits) {
        List<Handoff.Turn> kept = new ArrayList<>(recentTurns);
        kept.add(new Handoff.Turn(turn.role(), StateLimits.clip(turn.text(), limits.maxHandoffTurnChars()),
                turn.at()));
        while (kept.size() > limits.handoffTurns()) {
            kept.removeFirst();
        }
        return new ConversationState(slots, flow, recentMessageIds, pending, queued, lastMessageAt, lastBookingId,
                turns, kept, silencedUntil, toldToSlowDown, toldToWait);
    }

    /**
     * The state after a turn ended: its kept slots and flow, no pending turn, and the booking it made (an id longer
     * than {@value StateLimits#MAX_ID_CHARS} characters is no booking id the calendar gives, and is not kept).
     */
    public ConversationState afterTurn(Map<String, String> keptSlots, String newFlow, String bookingId) {
        boolean keepsBooking = bookingId == null || !StateLimits.fits(bookingId, StateLimits.MAX_ID_CHARS);
        return new ConversationState(keptSlots, newFlow, recentMessageIds, null, queued, lastMessageAt,
                keepsBooking ? lastBookingId : bookingId, turns + 1, recentTurns, silencedUntil, toldToSlowDown,
                toldToWait);
    }

    /** A person took the conversation: the assistant stays silent until {@code until} or a release. */
    public ConversationState handedOffUntil(OffsetDateTime until) {
        return new ConversationState(Map.of(), null, recentMessageIds, pending, queued, lastMessageAt, lastBookingId,
                turns, recentTurns, until, toldToSlowDown, toldToWait);
    }

    /** The assistant answers again (a release, or the silence ran out). */
    public ConversationState released() {
        return new ConversationState(slots, flow, recentMessageIds, pending, queued, lastMessageAt, lastBookingId,
                turns, recentTurns, null, toldToSlowDown, toldToWait);
    }

    /** Whether the customer was told to slow down ({@code true}), or is answered again ({@code false}). */
    public ConversationState withToldToSlowDown(boolean told) {
        return new ConversationState(slots, flow, recentMessageIds, pending, queued, lastMessageAt, lastBookingId,
                turns, recentTurns, silencedUntil, told, toldToWait);
    }

    /** Whether the customer was told to wait a moment ({@code true}), or may be told again ({@code false}). */
    public ConversationState withToldToWait(boolean told) {
        return told == toldToWait() ? this : new ConversationState(slots, flow, recentMessageIds, pending, queued,
                lastMessageAt, lastBookingId, turns, recentTurns, silencedUntil, toldToSlowDown, told);
    }

    /**
     * Whether {@code snapshot} (as the state keeps it) may wait behind the turn in flight: fewer than
     * {@link StateLimits#maxQueuedMessages} wait, and with it they stay within {@link StateLimits#maxQueuedBytes}.
     */
    public boolean queueHasRoomFor(InboundSnapshot snapshot, StateLimits limits) {
        if (queued.size() >= limits.maxQueuedMessages()) {
            return false;
        }
        long bytes = StateLimits.jsonBytes(snapshot);
        for (InboundSnapshot waiting : queued) {
            bytes += StateLimits.jsonBytes(waiting);
        }
        return bytes <= limits.maxQueuedBytes();
    }

    public boolean silencedAt(OffsetDateTime clock) {
        return silencedUntil != null && clock.isBefore(silencedUntil);
    }

    /** The state as a new message finds it: slots forgotten when the customer was silent longer than {@code ttl}. */
    public ConversationState atMessage(OffsetDateTime receivedAt, Duration ttl) {
        boolean silent = lastMessageAt != null && receivedAt.isAfter(lastMessageAt.plus(ttl));
        return new ConversationState(silent ? Map.of() : slots, silent ? null : flow, recentMessageIds, pending, queued,
                receivedAt, lastBookingId, turns, recentTurns, silencedUntil, toldToSlowDown, toldToWait);
    }
}
