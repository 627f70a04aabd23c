package dev.pulpo.orchestrator.turn;

import dev.pulpo.orchestrator.dialogue.ConversationState;
import dev.pulpo.orchestrator.dialogue.PendingTurn;
import dev.pulpo.orchestrator.dialogue.Plan;
import dev.pulpo.orchestrator.dialogue.StateLimits;
import dev.pulpo.orchestrator.reply.Replies;
import dev.pulpo.orchestrator.telemetry.TurnTelemetry;
import dev.pulpo.schemas.event.ConversationId;
import dev.pulpo.schemas.event.Decision;
import dev.pulpo.schemas.event.Handoff;
import dev.pulpo.schemas.event.InboundSnapshot;
import dev.pulpo.schemas.event.Timings;
import dev.pulpo.schemas.event.TurnIds;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a message gets when it does not start a turn: silence while a person has the conversation, "too many
 * messages" past the rate limit, "one moment" when too many wait behind the turn in flight. Each is answered once,
 * with a final decision of its own, and recorded for whoever takes over after a handoff.
 */
final class Notices {
    private static final Logger log = LoggerFactory.getLogger(Notices.class);
    private static final String CUSTOMER = "customer";
    private static final String ASSISTANT = "assistant";
    /** The intent of the decision that tells a customer past the rate limit to slow down. */
    static final String RATE_LIMITED = "rate_limited";
    /** The intent of the decision that tells a customer whose messages are queueing up to wait a moment. */
    static final String BUSY = "busy";

    private final TurnEnding ending;
    private final Replies replies;
    private final TurnTelemetry telemetry;
    private final StateLimits limits;

    Notices(TurnEnding ending, Replies replies, TurnTelemetry telemetry, StateLimits limits) {
        this.ending = ending;
        this.replies = replies;
        this.telemetry = telemetry;
        this.limits = limits;
    }

    /**
     * The customer went past the gateway's rate limit (the gateway marks at most one such message per conversation
     * a minute, and drops the rest). No turn runs: the first such message is answered "too many messages", and
     * later ones say nothing until one of the customer's messages is answered again. Each is recorded for whoever
     * takes over after a handoff.
     */
    ConversationState tooManyMessages(ConversationState state, InboundSnapshot snapshot, long writtenAtMs,
            Step at) {
        ConversationState recorded = state.record(new Handoff.Turn(CUSTOMER, snapshot.text(), snapshot.receivedAt()),
                limits);
        if (state.toldToSlowDown()) {
            log.info("rate-limited message recorded, customer already told snapshot_id={} conversation={}",
                    snapshot.snapshotId(), ConversationId.masked(snapshot.conversationId()));
            return recorded;
        }
        String reply = replies.tooManyMessages();
        String decisionId = notice(state, snapshot, RATE_LIMITED, reply, writtenAtMs, at);
        log.info("customer told to slow down decision_id={} conversation={}", decisionId,
                ConversationId.masked(snapshot.conversationId()));
        return recorded.record(new Handoff.Turn(ASSISTANT, reply, snapshot.receivedAt()), limits)
                .withToldToSlowDown(true);
    }

    /** The message waits behind the turn in flight, or, when too many already wait, is dropped. */
    ConversationState waitBehind(ConversationState state, InboundSnapshot snapshot, long writtenAtMs,
            Step at) {
        if (state.queueHasRoomFor(snapshot, limits)) {
            return state.enqueue(snapshot);
        }
        return queueFull(state, snapshot, writtenAtMs, at);
    }

    /**
     * Too many of the customer's messages wait behind the turn in flight (by {@link StateLimits#maxQueuedMessages}
     * or {@link StateLimits#maxQueuedBytes}): this one is dropped, not queued, so the state stays bounded however
     * fast messages come. No turn runs: the first such message is answered "one moment" (a final decision with
     * intent {@value #BUSY}), later ones say nothing until every message that waited has been taken.
     */
    private ConversationState queueFull(ConversationState state, InboundSnapshot snapshot, long writtenAtMs,
            Step at) {
        telemetry.messageDropped(TurnTelemetry.DROPPED_QUEUE_FULL);
        log.warn("queue full, message dropped snapshot_id={} message_id={} conversation={} waiting={} "
                        + "waiting_for_decision_id={}", snapshot.snapshotId(), snapshot.messageId(),
                ConversationId.masked(snapshot.conversationId()), state.queued().size(),
                state.pending().decisionId());
        if (state.toldToWait()) {
            return state;
        }
        String decisionId = notice(state, snapshot, BUSY, replies.oneMoment(), writtenAtMs, at);
        log.info("customer told to wait decision_id={} conversation={}", decisionId,
                ConversationId.masked(snapshot.conversationId()));
        return state.withToldToWait(true);
    }

    /**
     * Answers {@code snapshot} with a fixed {@code reply} and nothing else, no turn: a final decision with
     * {@code intent}, and the reply through Twilio when the message came that way. Returns the decision's id.
     */
    private String notice(ConversationState state, InboundSnapshot snapshot, String intent, String reply,
            long writtenAtMs, Step at) {
        String decisionId = TurnIds.decisionId(snapshot.snapshotId());
        Plan notice = Plan.reply(intent, 1.0, state.slots(), state.flow(), reply);
        PendingTurn turn = PendingTurn.start(decisionId, snapshot, Decision.ROUTE_LEGACY, notice,
                Timings.ZERO.withTotal(Math.max(0, at.nowMs() - writtenAtMs) + at.elapsedMs()), writtenAtMs,
                at.nowMs(), at.nowMs(), null);
        ending.answerOnly(turn, reply, at);
        return decisionId;
    }

    /** A person has the conversation: the message is recorded, and the assistant says nothing. */
    ConversationState listenOnly(ConversationState state, InboundSnapshot snapshot, long writtenAtMs,
            Step at) {
        String decisionId = TurnIds.decisionId(snapshot.snapshotId());
        Plan silent = new Plan("human_handoff", 1.0, Map.of(), null, Map.of(), List.of(), null);
        PendingTurn turn = PendingTurn.start(decisionId, snapshot, Decision.ROUTE_LEGACY, silent,
                Timings.ZERO.withTotal(Math.max(0, at.nowMs() - writtenAtMs) + at.elapsedMs()), writtenAtMs,
                at.nowMs(), at.nowMs(), null);
        at.emit(new Emission.DecisionMade(ending.decision(turn, null, true, at.nowMs())));
        log.info("message recorded during handoff decision_id={} conversation={}", decisionId,
                ConversationId.masked(snapshot.conversationId()));
        return state.record(new Handoff.Turn(CUSTOMER, snapshot.text(), snapshot.receivedAt()), limits);
    }
}
