package dev.pulpo.orchestrator.turn;

import dev.pulpo.orchestrator.config.OrchestratorSettings;
import dev.pulpo.orchestrator.dialogue.ConversationState;
import dev.pulpo.orchestrator.dialogue.LegacyDialogue;
import dev.pulpo.orchestrator.dialogue.PendingTurn;
import dev.pulpo.orchestrator.dialogue.Plan;
import dev.pulpo.orchestrator.dialogue.StateLimits;
import dev.pulpo.orchestrator.nlu.SpanishUnderstanding;
import dev.pulpo.orchestrator.policy.ToolPolicy;
import dev.pulpo.orchestrator.reply.Replies;
import dev.pulpo.orchestrator.routing.CanaryRouter;
import dev.pulpo.orchestrator.routing.RouteFlags;
import dev.pulpo.orchestrator.slm.SlmSteps;
import dev.pulpo.orchestrator.telemetry.TurnTelemetry;
import dev.pulpo.schemas.event.ConversationId;
import dev.pulpo.schemas.event.Decision;
import dev.pulpo.schemas.event.Handoff;
import dev.pulpo.schemas.event.InboundSnapshot;
import dev.pulpo.schemas.event.ModelReply;
import dev.pulpo.schemas.event.Timings;
import dev.pulpo.schemas.event.ToolResult;
import dev.pulpo.schemas.event.TurnIds;
import dev.pulpo.schemas.event.Workspace;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What happens to one conversation when a message, a tool result, a model's answer or a deadline arrives. It
 * does no I/O: it takes the state and returns the next one with the records to write, so the topology only
 * loads, stores and forwards. Its only side effects are logs and metrics.
 *
 * <p>A conversation has at most one turn in flight. A message that arrives meanwhile waits in the state and
 * is answered right after, so a customer's messages are answered in order. What the state keeps of each input is
 * bounded ({@link StateLimits}): a message that finds the queue full is dropped, and the customer told, once, to
 * wait a moment.
 *
 * <p>A turn takes the route the canary gives its conversation: {@link LegacyRoute} decides at once,
 * {@link SlmRoute} waits for its models between hops and falls back to legacy when one fails. Both go on
 * through {@link TurnEnding}: the policy, the tool calls, and the final decision.
 */
@Component
public class ConversationEngine {
    private static final Logger log = LoggerFactory.getLogger(ConversationEngine.class);
    private static final String CUSTOMER = "customer";
    private static final String ASSISTANT = "assistant";
    /** The intent of the decision that tells a customer past the rate limit to slow down. */
    public static final String RATE_LIMITED = "rate_limited";
    /** The intent of the decision that tells a customer whose messages are queueing up to wait a moment. */
    public static final String BUSY = "busy";

    private final LegacyRoute legacy;
    private final SlmRoute slm;
    private final TurnEnding ending;
    private final Replies replies;
    private final OrchestratorSettings settings;
    private final StateLimits limits;
    private final TurnTelemetry telemetry;

    public ConversationEngine(SpanishUnderstanding understanding, LegacyDialogue dialogue, ToolPolicy policy,
            Replies replies, TurnTelemetry telemetry, OrchestratorSettings settings, SlmSteps slmSteps) {
        ModelAsk models = new ModelAsk(slmSteps);
        this.ending = new TurnEnding(dialogue, policy, telemetry, settings, slmSteps, models);
        this.legacy = new LegacyRoute(understanding, dialogue, settings, ending);
        this.slm = new SlmRoute(slmSteps, understanding, dialogue, telemetry, models, ending, legacy,
                settings.limits());
        this.replies = replies;
        this.settings = settings;
        this.limits = settings.limits();
        this.telemetry = telemetry;
    }

    /**
     * @param writtenAtMs wall clock when the snapshot was written (its record timestamp): the turn's latency
     *                    starts there
     * @param nowMs       wall clock now (the stream's; a step's own processing time is added to the turn's total)
     * @param flags       the routing flags in force for the workspace
     */
    public TurnOutcome onSnapshot(ConversationState state, InboundSnapshot received, Workspace workspace,
            RouteFlags flags, long writtenAtMs, long nowMs) {
        Step at = Step.begin(workspace, nowMs);
        // From here on the message is as the state keeps it: its message id is the dedupe key, its text bounded.
        InboundSnapshot snapshot = StateLimits.bounded(received);
        if (state.seen(snapshot.messageId(), snapshot.receivedAt(), limits.dedupeWindow())) {
            log.info("duplicate message dropped message_id={} snapshot_id={} conversation={}", snapshot.messageId(),
                    snapshot.snapshotId(), ConversationId.masked(snapshot.conversationId()));
            return new TurnOutcome(state, List.of());
        }
        ConversationState current = state.remember(snapshot.messageId(), snapshot.receivedAt(), limits);
        if (current.pending() != null) {
            if (current.pending().deadlineMs() > nowMs) {
                return new TurnOutcome(waitBehind(current, snapshot, writtenAtMs, at), at.out());
            }
            current = expire(current, at);
            if (current.pending() != null) {
                // The expired turn fell back to legacy and now waits for its tools: this message waits behind it.
                return new TurnOutcome(waitBehind(current, snapshot, writtenAtMs, at), at.out());
            }
        }
        if (current.silencedAt(snapshot.receivedAt())) {
            return new TurnOutcome(listenOnly(current, snapshot, writtenAtMs, at), at.out());
        }
        return new TurnOutcome(startTurn(current, snapshot, flags, writtenAtMs, at), at.out());
    }

    /**
     * The wall clock passed a pending turn's deadline without all its tool results (a tool executor that is
     * down, a result lost) or without its model's answer: the turn is answered without them, and messages that
     * waited behind it go on.
     */
    public TurnOutcome onDeadline(ConversationState state, Workspace workspace, RouteFlags flags, long nowMs) {
        if (state.pending() == null || state.pending().deadlineMs() > nowMs) {
            return new TurnOutcome(state, List.of());
        }
        Step at = Step.begin(workspace, nowMs);
        return new TurnOutcome(drainQueue(expire(state, at), flags, at), at.out());
    }

    /** A model's answer (SLM route): the turn goes on with its next stage, or falls back to legacy. */
    public TurnOutcome onModelReply(ConversationState state, ModelReply reply, Workspace workspace, RouteFlags flags,
            long nowMs) {
        Step at = Step.begin(workspace, nowMs);
        PendingTurn turn = state.pending();
        if (turn == null || turn.model() == null || !turn.model().requestId().equals(reply.requestId())) {
            log.info("late or unknown model reply ignored request_id={} conversation={}", reply.requestId(),
                    ConversationId.masked(reply.conversationId()));
            return new TurnOutcome(state, List.of());
        }
        return new TurnOutcome(drainQueue(slm.onReply(state, turn, reply, at), flags, at), at.out());
    }

    /** A release (from the gateway or a helpdesk flow) gives the conversation back to the assistant. */
    public TurnOutcome onHandoffEvent(ConversationState state, Handoff event) {
        if (!Handoff.RELEASE.equals(event.kind()) || state.silencedUntil() == null) {
            return new TurnOutcome(state, List.of());
        }
        log.info("conversation released conversation={} reason=\"{}\"", ConversationId.masked(event.conversationId()),
                event.reason());
        return new TurnOutcome(state.released(), List.of());
    }

    /** A tool result: record it, and go on with the turn once its round is complete. */
    public TurnOutcome onToolResult(ConversationState state, ToolResult result, Workspace workspace, RouteFlags flags,
            long nowMs) {
        Step at = Step.begin(workspace, nowMs);
        PendingTurn turn = state.pending();
        if (turn == null || !turn.awaiting().contains(result.callId())) {
            log.info("late or unknown tool result ignored call_id={} conversation={}", result.callId(),
                    ConversationId.masked(result.conversationId()));
            return new TurnOutcome(state, List.of());
        }
        PendingTurn updated = turn.withResult(result, nowMs, limits);
        if (!updated.awaiting().isEmpty()) {
            return new TurnOutcome(state.withPending(updated), at.out());
        }
        return new TurnOutcome(drainQueue(ending.afterRound(state, updated, at), flags, at), at.out());
    }

    private ConversationState startTurn(ConversationState given, InboundSnapshot snapshot, RouteFlags flags,
            long writtenAtMs, Step at) {
        // The last message that waited is taken: a customer told to wait may be told again.
        ConversationState state = given.queued().isEmpty() ? given.withToldToWait(false) : given;
        if (snapshot.pastRateLimit()) {
            return tooManyMessages(state, snapshot, writtenAtMs, at);
        }
        ConversationState current = state.atMessage(snapshot.receivedAt(), settings.conversationTtl())
                .released()
                .withToldToSlowDown(false)
                .record(new Handoff.Turn(CUSTOMER, snapshot.text(), snapshot.receivedAt()), limits);
        String route = CanaryRouter.route(snapshot.conversationId(), flags);
        if (Decision.ROUTE_SLM.equals(route) && !snapshot.text().isBlank()) {
            return slm.askExtractor(current, snapshot, writtenAtMs, at);
        }
        return legacy.answer(current, snapshot, route, null, Timings.ZERO, Math.min(writtenAtMs, at.nowMs()), at);
    }

    /**
     * The customer went past the gateway's rate limit (the gateway marks at most one such message per conversation
     * a minute, and drops the rest). No turn runs: the first such message is answered "too many messages", and
     * later ones say nothing until one of the customer's messages is answered again. Each is recorded for whoever
     * takes over after a handoff.
     */
    private ConversationState tooManyMessages(ConversationState state, InboundSnapshot snapshot, long writtenAtMs,
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
    private ConversationState waitBehind(ConversationState state, InboundSnapshot snapshot, long writtenAtMs,
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
    private ConversationState listenOnly(ConversationState state, InboundSnapshot snapshot, long writtenAtMs,
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

    /** The turn in flight waited past its deadline: it is answered without what it waited for. */
    private ConversationState expire(ConversationState state, Step at) {
        PendingTurn turn = state.pending();
        if (turn.model() != null) {
            return slm.expire(state, turn, at);
        }
        log.warn("turn timed out waiting for tools decision_id={} conversation={}", turn.decisionId(),
                ConversationId.masked(turn.snapshot().conversationId()));
        PendingTurn expired = turn.expired("no result within " + settings.brokerTimeout());
        return ending.conclude(state, expired, turn.asPlan(replies.toolFailed()), at);
    }

    private ConversationState drainQueue(ConversationState state, RouteFlags flags, Step at) {
        ConversationState current = state;
        while (current.pending() == null && !current.queued().isEmpty()) {
            InboundSnapshot next = current.queued().getFirst();
            current = current.withQueued(current.queued().subList(1, current.queued().size()));
            current = startTurn(current, next, flags, at.nowMs(), at);
        }
        return current;
    }
}
