package dev.pulpo.orchestrator.turn;

import dev.pulpo.orchestrator.config.OrchestratorSettings;
import dev.pulpo.orchestrator.dialogue.ConversationState;
import dev.pulpo.orchestrator.dialogue.LegacyDialogue;
import dev.pulpo.orchestrator.dialogue.PendingTurn;
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
import dev.pulpo.schemas.event.Workspace;
import java.util.List;
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

    private final LegacyRoute legacy;
    private final SlmRoute slm;
    private final TurnEnding ending;
    private final Replies replies;
    private final OrchestratorSettings settings;
    private final StateLimits limits;
    private final Notices notices;

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
        this.notices = new Notices(ending, replies, telemetry, limits);
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
                return new TurnOutcome(notices.waitBehind(current, snapshot, writtenAtMs, at), at.out());
            }
            current = expire(current, at);
            if (current.pending() != null) {
                // The expired turn fell back to legacy and now waits for its tools: this message waits behind it.
                return new TurnOutcome(notices.waitBehind(current, snapshot, writtenAtMs, at), at.out());
            }
        }
        if (current.silencedAt(snapshot.receivedAt())) {
            return new TurnOutcome(notices.listenOnly(current, snapshot, writtenAtMs, at), at.out());
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
            return notices.tooManyMessages(state, snapshot, writtenAtMs, at);
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
