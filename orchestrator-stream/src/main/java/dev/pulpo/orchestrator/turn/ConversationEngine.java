package dev.pulpo.orchestrator.turn;

import dev.pulpo.orchestrator.config.OrchestratorSettings;
import dev.pulpo.orchestrator.dialogue.ConversationState;
import dev.pulpo.orchestrator.dialogue.LegacyDialogue;
import dev.pulpo.orchestrator.dialogue.ModelWait;
import dev.pulpo.orchestrator.dialogue.PendingTurn;
import dev.pulpo.orchestrator.dialogue.Plan;
import dev.pulpo.orchestrator.nlu.SpanishUnderstanding;
import dev.pulpo.orchestrator.nlu.Understanding;
import dev.pulpo.orchestrator.policy.ToolPolicy;
import dev.pulpo.orchestrator.policy.Verdict;
import dev.pulpo.orchestrator.reply.Replies;
import dev.pulpo.orchestrator.routing.CanaryRouter;
import dev.pulpo.orchestrator.routing.RouteFlags;
import dev.pulpo.orchestrator.slm.ModelRequest;
import dev.pulpo.orchestrator.slm.ModelStage;
import dev.pulpo.orchestrator.slm.SlmSteps;
import dev.pulpo.orchestrator.telemetry.TurnTelemetry;
import dev.pulpo.schemas.event.Action;
import dev.pulpo.schemas.event.ConversationId;
import dev.pulpo.schemas.event.Decision;
import dev.pulpo.schemas.event.Handoff;
import dev.pulpo.schemas.event.ToolNames;
import dev.pulpo.schemas.event.InboundSnapshot;
import dev.pulpo.schemas.event.ModelReply;
import dev.pulpo.schemas.event.OutboundMessage;
import dev.pulpo.schemas.event.Timings;
import dev.pulpo.schemas.event.ToolCall;
import dev.pulpo.schemas.event.ToolResult;
import dev.pulpo.schemas.event.TurnIds;
import dev.pulpo.schemas.event.Workspace;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What happens to one conversation when a message or a tool result arrives. Pure: it takes the state
 * and returns the next one with the records to write, so the topology only loads, stores and forwards.
 *
 * <p>A conversation has at most one turn in flight. A message that arrives meanwhile waits in the state
 * and is answered right after, so a customer's messages are answered in order.
 *
 * <p>A turn takes the route the canary gives its conversation. On {@code legacy} the deterministic understanding
 * and dialogue decide at once. On {@code slm_pipeline} the turn waits, between hops, for its models: the
 * extractor's understanding (retried on the larger model below the confidence threshold), the planner's calls
 * (when the dialogue's step needs tools), and the NLG's words for the reply. The dialogue keeps the
 * conversation's bookkeeping on both routes, and the policy checks every call. A model that fails, times out or
 * answers out of contract sends that turn to legacy, recorded as the decision's {@code fallback}.
 */
@Component
public class ConversationEngine {
    private static final Logger log = LoggerFactory.getLogger(ConversationEngine.class);
    private static final String CUSTOMER = "customer";
    private static final String ASSISTANT = "assistant";
    private static final String SLM_PIPELINE_VERSION = "slm-1";

    private final SpanishUnderstanding understanding;
    private final LegacyDialogue dialogue;
    private final ToolPolicy policy;
    private final Replies replies;
    private final TurnTelemetry telemetry;
    private final OrchestratorSettings settings;
    private final SlmSteps slm;

    public ConversationEngine(SpanishUnderstanding understanding, LegacyDialogue dialogue, ToolPolicy policy,
            Replies replies, TurnTelemetry telemetry, OrchestratorSettings settings, SlmSteps slm) {
        this.understanding = understanding;
        this.dialogue = dialogue;
        this.policy = policy;
        this.replies = replies;
        this.telemetry = telemetry;
        this.settings = settings;
        this.slm = slm;
    }

    /**
     * @param writtenAtMs wall clock when the snapshot was written (its record timestamp): the turn's latency
     *                    starts there
     * @param nowMs       wall clock now (the stream's; a step's own processing time is added to the turn's total)
     * @param flags       the routing flags in force for the workspace
     */
    public TurnOutcome onSnapshot(ConversationState state, InboundSnapshot snapshot, Workspace workspace,
            RouteFlags flags, long writtenAtMs, long nowMs) {
        long stepNanos = System.nanoTime();
        if (state.seen(snapshot.messageId())) {
            log.info("duplicate message dropped message_id={} snapshot_id={} conversation={}", snapshot.messageId(),
                    snapshot.snapshotId(), ConversationId.masked(snapshot.conversationId()));
            return new TurnOutcome(state, List.of());
        }
        List<Emission> out = new ArrayList<>();
        ConversationState current = state.remember(snapshot.messageId());
        if (current.pending() != null) {
            if (current.pending().deadlineMs() > nowMs) {
                return new TurnOutcome(current.enqueue(snapshot), out);
            }
            current = expire(current, workspace, nowMs, stepNanos, out);
            if (current.pending() != null) {
                // The expired turn fell back to legacy and now waits for its tools: this message waits behind it.
                return new TurnOutcome(current.enqueue(snapshot), out);
            }
        }
        if (current.silencedAt(snapshot.receivedAt())) {
            return new TurnOutcome(listenOnly(current, snapshot, writtenAtMs, nowMs, stepNanos, out), out);
        }
        return new TurnOutcome(startTurn(current, snapshot, workspace, flags, writtenAtMs, nowMs, stepNanos, out),
                out);
    }

    /** A person has the conversation: the message is recorded, and the assistant says nothing. */
    private ConversationState listenOnly(ConversationState state, InboundSnapshot snapshot, long writtenAtMs,
            long nowMs, long stepNanos, List<Emission> out) {
        String decisionId = TurnIds.decisionId(snapshot.snapshotId());
        PendingTurn turn = new PendingTurn(decisionId, snapshot, Decision.ROUTE_LEGACY, "human_handoff", 1.0, Map.of(),
                null, Map.of(), 0, List.of(), Set.of(), Map.of(),
                Timings.ZERO.withTotal(Math.max(0, nowMs - writtenAtMs) + millisSince(stepNanos)),
                writtenAtMs, nowMs, nowMs, null, null, null);
        out.add(new Emission.DecisionMade(decision(turn, null, true, nowMs)));
        log.info("message recorded during handoff decision_id={} conversation={}", decisionId,
                ConversationId.masked(snapshot.conversationId()));
        return state.record(new Handoff.Turn(CUSTOMER, snapshot.text(), snapshot.receivedAt()));
    }

    /**
     * The wall clock passed a pending turn's deadline without all its tool results (a tool executor that is
     * down, a result lost) or without its model's answer: the turn is answered without them, and messages that
     * waited behind it go on.
     */
    public TurnOutcome onDeadline(ConversationState state, Workspace workspace, RouteFlags flags, long nowMs) {
        long stepNanos = System.nanoTime();
        if (state.pending() == null || state.pending().deadlineMs() > nowMs) {
            return new TurnOutcome(state, List.of());
        }
        List<Emission> out = new ArrayList<>();
        ConversationState current = expire(state, workspace, nowMs, stepNanos, out);
        return new TurnOutcome(drainQueue(current, workspace, flags, nowMs, stepNanos, out), out);
    }

    /** A model's answer (SLM route): the turn goes on with its next stage, or falls back to legacy. */
    public TurnOutcome onModelReply(ConversationState state, ModelReply reply, Workspace workspace, RouteFlags flags,
            long nowMs) {
        long stepNanos = System.nanoTime();
        PendingTurn turn = state.pending();
        if (turn == null || turn.model() == null || !turn.model().requestId().equals(reply.requestId())) {
            log.info("late or unknown model reply ignored request_id={} conversation={}", reply.requestId(),
                    ConversationId.masked(reply.conversationId()));
            return new TurnOutcome(state, List.of());
        }
        List<Emission> out = new ArrayList<>();
        long waitedMs = Math.max(0, nowMs - turn.model().sentAtMs());
        ConversationState after = switch (ModelStage.fromWire(turn.model().stage())) {
            case EXTRACT -> afterExtraction(state, turn.withTimings(turn.timings()
                    .withExtract(turn.timings().tExtractMs() + waitedMs)), reply, workspace, nowMs, stepNanos, out);
            case PLAN -> afterPlanning(state, turn.withTimings(turn.timings()
                    .withPlan(turn.timings().tPlanMs() + waitedMs)), reply, workspace, nowMs, stepNanos, out);
            case NLG -> afterWording(state, turn.withTimings(turn.timings()
                    .withNlg(turn.timings().tNlgMs() + waitedMs)), reply, workspace, nowMs, stepNanos, out);
        };
        return new TurnOutcome(drainQueue(after, workspace, flags, nowMs, stepNanos, out), out);
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
        long stepNanos = System.nanoTime();
        PendingTurn turn = state.pending();
        if (turn == null || !turn.awaiting().contains(result.callId())) {
            log.info("late or unknown tool result ignored call_id={} conversation={}", result.callId(),
                    ConversationId.masked(result.conversationId()));
            return new TurnOutcome(state, List.of());
        }
        List<Action> actions = turn.actions().stream()
                .map(a -> a.callId() != null && a.callId().equals(result.callId())
                        ? a.withOutcome(result.status(), result.error()) : a)
                .toList();
        Set<String> awaiting = new HashSet<>(turn.awaiting());
        awaiting.remove(result.callId());
        Map<String, Map<String, Object>> results = new HashMap<>(turn.results());
        results.put(result.callId(), result.result());
        Timings timings = awaiting.isEmpty()
                ? turn.timings().withBroker(turn.timings().tBrokerMs() + Math.max(0, nowMs - turn.roundStartedMs()))
                : turn.timings();
        PendingTurn updated = new PendingTurn(turn.decisionId(), turn.snapshot(), turn.route(), turn.intent(),
                turn.confidence(), turn.slots(), turn.flow(), turn.keep(), turn.round(), actions, awaiting, results,
                timings, turn.startedAtMs(), turn.roundStartedMs(), turn.deadlineMs(), turn.fallback(), null, null);
        List<Emission> out = new ArrayList<>();
        if (!awaiting.isEmpty()) {
            return new TurnOutcome(state.withPending(updated), out);
        }
        long started = System.nanoTime();
        Plan next = dialogue.afterResults(updated, workspace);
        updated = updated.withTimings(updated.timings().withReduce(updated.timings().tReduceMs() + millisSince(started)));
        ConversationState after = continueTurn(state, updated, next, workspace, nowMs, stepNanos, out);
        return new TurnOutcome(drainQueue(after, workspace, flags, nowMs, stepNanos, out), out);
    }

    private ConversationState startTurn(ConversationState state, InboundSnapshot snapshot, Workspace workspace,
            RouteFlags flags, long writtenAtMs, long nowMs, long stepNanos, List<Emission> out) {
        ConversationState current = state.atMessage(snapshot.receivedAt(), settings.conversationTtl())
                .released()
                .record(new Handoff.Turn(CUSTOMER, snapshot.text(), snapshot.receivedAt()));
        String route = CanaryRouter.route(snapshot.conversationId(), flags);
        if (Decision.ROUTE_SLM.equals(route) && !snapshot.text().isBlank()) {
            return askExtractor(current, snapshot, workspace, writtenAtMs, nowMs, out);
        }
        return legacyTurn(current, snapshot, workspace, route, null, Timings.ZERO, Math.min(writtenAtMs, nowMs), nowMs,
                stepNanos, out);
    }

    /**
     * The legacy pipeline: rules understand, the dialogue plans. Also the answer of a {@code slm_pipeline} turn
     * whose model failed ({@code fallback} says why) or that has no text for a model to read.
     */
    private ConversationState legacyTurn(ConversationState current, InboundSnapshot snapshot, Workspace workspace,
            String route, String fallback, Timings spent, long startedAtMs, long nowMs, long stepNanos,
            List<Emission> out) {
        String decisionId = TurnIds.decisionId(snapshot.snapshotId());
        long started = System.nanoTime();
        Plan plan;
        long extractMs = 0;
        if (snapshot.text().isBlank()) {
            // A photo, audio, sticker or location: nothing to understand, but the customer deserves an answer.
            plan = dialogue.onNonText(current, !snapshot.media().isEmpty());
        } else {
            Understanding understood = understanding.understand(snapshot.text(), workspace,
                    snapshot.receivedAt().atZoneSameInstant(workspace.zone()));
            extractMs = millisSince(started);
            started = System.nanoTime();
            plan = dialogue.onMessage(understood, current, workspace);
        }
        long planMs = millisSince(started);
        PendingTurn turn = new PendingTurn(decisionId, snapshot, route, plan.intent(), plan.confidence(),
                plan.slots(), plan.flow(), plan.keep(), 0, List.of(), Set.of(), Map.of(),
                spent.withExtract(spent.tExtractMs() + extractMs).withPlan(spent.tPlanMs() + planMs), startedAtMs,
                nowMs, nowMs + settings.brokerTimeout().toMillis(), fallback, null, null);
        return continueTurn(current, turn, plan, workspace, nowMs, stepNanos, out);
    }

    /** The SLM route's first stage: the extractor model reads the message, off the stream thread. */
    private ConversationState askExtractor(ConversationState current, InboundSnapshot snapshot, Workspace workspace,
            long writtenAtMs, long nowMs, List<Emission> out) {
        PendingTurn turn = new PendingTurn(TurnIds.decisionId(snapshot.snapshotId()), snapshot, Decision.ROUTE_SLM,
                "out_of_scope", 0.0, current.slots(), current.flow(), current.slots(), 0, List.of(), Set.of(),
                Map.of(), Timings.ZERO, Math.min(writtenAtMs, nowMs), nowMs, nowMs, null, null, null);
        return ask(current, turn, slm.extract(turn, current, workspace, 1), null, nowMs, out);
    }

    private ConversationState ask(ConversationState state, PendingTurn turn, ModelRequest request, Plan step,
            long nowMs, List<Emission> out) {
        out.add(new Emission.ModelCall(request));
        return state.withPending(turn.waitingFor(
                new ModelWait(request.requestId(), request.stage().wire(), request.attempt(), nowMs), step,
                slm.deadline(request, nowMs)));
    }

    private ConversationState afterExtraction(ConversationState state, PendingTurn turn, ModelReply reply,
            Workspace workspace, long nowMs, long stepNanos, List<Emission> out) {
        SlmSteps.Extraction extraction = slm.afterExtraction(reply, turn, state, workspace);
        telemetry.modelAnswered(ModelStage.EXTRACT, outcome(reply, !(extraction instanceof SlmSteps.Extraction.FallBack f)
                || !Decision.FALLBACK_INVALID_OUTPUT.equals(f.reason())), reply.durationMs());
        return switch (extraction) {
            case SlmSteps.Extraction.FallBack f -> fallBack(state, turn, workspace, f.reason(), f.detail(), nowMs,
                    stepNanos, out);
            case SlmSteps.Extraction.Retry r -> ask(state, turn, r.request(), null, nowMs, out);
            case SlmSteps.Extraction.Understood u -> {
                // The rules read the same message in shadow: how often they agree is the canary's sanity check.
                telemetry.shadowCompared(u.understanding().intent() == understanding.understand(
                        turn.snapshot().text(), workspace,
                        turn.snapshot().receivedAt().atZoneSameInstant(workspace.zone())).intent());
                Plan plan = dialogue.onMessage(u.understanding(), state, workspace);
                PendingTurn understood = turn.answered();
                yield slm.plans(plan, workspace)
                        ? ask(state, understood, slm.plan(understood, plan, state, workspace), plan, nowMs, out)
                        : continueTurn(state, understood, plan, workspace, nowMs, stepNanos, out);
            }
        };
    }

    private ConversationState afterPlanning(ConversationState state, PendingTurn turn, ModelReply reply,
            Workspace workspace, long nowMs, long stepNanos, List<Emission> out) {
        SlmSteps.Planning planning = slm.afterPlanning(reply, turn.draft());
        telemetry.modelAnswered(ModelStage.PLAN, outcome(reply, !(planning instanceof SlmSteps.Planning.FallBack f)
                || !Decision.FALLBACK_INVALID_OUTPUT.equals(f.reason())), reply.durationMs());
        return switch (planning) {
            case SlmSteps.Planning.FallBack f -> fallBack(state, turn, workspace, f.reason(), f.detail(), nowMs,
                    stepNanos, out);
            case SlmSteps.Planning.Calls c -> {
                // No call: the dialogue's own answer (a message none of the workspace's tools serves).
                Plan draft = turn.draft();
                Plan planned = c.calls().isEmpty() ? draft : new Plan(draft.intent(), draft.confidence(),
                        draft.slots(), draft.flow(), draft.keep(), c.calls(), null);
                yield continueTurn(state, turn.answered(), planned, workspace, nowMs, stepNanos, out);
            }
        };
    }

    private ConversationState afterWording(ConversationState state, PendingTurn turn, ModelReply reply,
            Workspace workspace, long nowMs, long stepNanos, List<Emission> out) {
        Plan draft = turn.draft();
        // Words that drop a fact are not used: the template's reply goes out instead.
        Optional<String> words = slm.words(reply, draft.reply());
        telemetry.modelAnswered(ModelStage.NLG, outcome(reply, words.isPresent()), reply.durationMs());
        Plan worded = new Plan(draft.intent(), draft.confidence(), draft.slots(), draft.flow(), draft.keep(),
                List.of(), words.orElse(draft.reply()));
        return conclude(state, turn.answered(), worded, workspace, nowMs, stepNanos, out);
    }

    /** A model failed this {@code slm_pipeline} turn: the legacy pipeline answers it, from the start. */
    private ConversationState fallBack(ConversationState state, PendingTurn turn, Workspace workspace, String reason,
            String detail, long nowMs, long stepNanos, List<Emission> out) {
        telemetry.fellBack(reason);
        log.warn("slm fallback to legacy reason={} decision_id={} conversation={} detail=\"{}\"", reason,
                turn.decisionId(), ConversationId.masked(turn.snapshot().conversationId()), detail);
        return legacyTurn(state.withPending(null), turn.snapshot(), workspace, turn.route(), reason, turn.timings(),
                turn.startedAtMs(), nowMs, stepNanos, out);
    }

    private static String outcome(ModelReply reply, boolean usable) {
        return !reply.ok() ? reply.outcome() : usable ? ModelReply.OK : "invalid";
    }

    /** Either send the plan's calls through the policy and wait for them, or end the turn with its reply. */
    private ConversationState continueTurn(ConversationState state, PendingTurn turn, Plan plan, Workspace workspace,
            long nowMs, long stepNanos, List<Emission> out) {
        if (!plan.callsTools()) {
            return finish(state, turn, plan, workspace, nowMs, stepNanos, out);
        }
        long started = System.nanoTime();
        List<Verdict> verdicts = policy.check(plan.calls(), turn.actions().size(), workspace);
        int round = turn.round() + 1;
        List<Action> actions = new ArrayList<>(turn.actions());
        Set<String> awaiting = new HashSet<>();
        List<ToolCall> calls = new ArrayList<>();
        OffsetDateTime deadline = wall(nowMs + settings.brokerTimeout().toMillis());
        for (int i = 0; i < verdicts.size(); i++) {
            Verdict verdict = verdicts.get(i);
            telemetry.policyChecked(turn.route(), turn.snapshot().conversationId(), verdict);
            String callId = TurnIds.callId(turn.decisionId(), round, i);
            if (verdict.allowed()) {
                actions.add(new Action(callId, verdict.call().tool(), verdict.call().args(), Action.PLANNED, null));
                awaiting.add(callId);
                calls.add(new ToolCall(ToolCall.VERSION, callId, turn.decisionId(), turn.snapshot().conversationId(),
                        turn.snapshot().workspaceId(), verdict.call().tool(), verdict.call().args(),
                        turn.snapshot().receivedAt(), deadline));
            } else {
                actions.add(new Action(callId, verdict.call().tool(), verdict.call().args(), ToolResult.DENIED,
                        verdict.reason()));
            }
        }
        Timings timings = turn.timings().withPolicy(turn.timings().tPolicyMs() + millisSince(started));
        PendingTurn waiting = new PendingTurn(turn.decisionId(), turn.snapshot(), turn.route(), plan.intent(),
                plan.confidence(), plan.slots(), plan.flow(), plan.keep(), round, actions, awaiting, turn.results(),
                timings, turn.startedAtMs(), nowMs, nowMs + settings.brokerTimeout().toMillis(), turn.fallback(), null,
                null);
        if (calls.isEmpty()) {
            // Every call was denied: the dialogue answers as for a failed call, and nothing leaves.
            return finish(state, waiting, dialogue.afterResults(waiting, workspace), workspace, nowMs, stepNanos, out);
        }
        out.add(new Emission.DecisionMade(decision(waiting, null, false, nowMs)));
        calls.forEach(call -> out.add(new Emission.CallRequested(call)));
        return state.withPending(waiting);
    }

    /** The turn's reply is known: on the SLM route the NLG words it first, else the turn ends with it. */
    private ConversationState finish(ConversationState state, PendingTurn turn, Plan plan, Workspace workspace,
            long nowMs, long stepNanos, List<Emission> out) {
        if (Decision.ROUTE_SLM.equals(turn.route()) && turn.fallback() == null && plan.reply() != null
                && !plan.reply().isBlank()) {
            return ask(state, turn, slm.word(turn, plan, workspace), plan, nowMs, out);
        }
        return conclude(state, turn, plan, workspace, nowMs, stepNanos, out);
    }

    private ConversationState conclude(ConversationState state, PendingTurn turn, Plan plan, Workspace workspace,
            long nowMs, long stepNanos, List<Emission> out) {
        PendingTurn done = new PendingTurn(turn.decisionId(), turn.snapshot(), turn.route(), plan.intent(),
                plan.confidence(), plan.slots(), plan.flow(), plan.keep(), turn.round(), turn.actions(), Set.of(),
                turn.results(),
                turn.timings().withTotal(Math.max(0, nowMs - turn.startedAtMs()) + millisSince(stepNanos)),
                turn.startedAtMs(), turn.roundStartedMs(), turn.deadlineMs(), turn.fallback(), null, null);
        Decision decision = decision(done, plan.reply(), true, nowMs);
        out.add(new Emission.DecisionMade(decision));
        InboundSnapshot snapshot = turn.snapshot();
        if (snapshot.repliesThroughTwilio() && plan.reply() != null && !plan.reply().isBlank()) {
            String from = snapshot.businessPhone() != null ? snapshot.businessPhone()
                    : workspace.phoneNumbers().stream().findFirst().orElse(null);
            out.add(new Emission.ReplyToSend(new OutboundMessage(OutboundMessage.VERSION,
                    TurnIds.outboundId(turn.decisionId()), snapshot.snapshotId(), turn.decisionId(),
                    snapshot.conversationId(), snapshot.workspaceId(), snapshot.userPhone(), from, plan.reply(),
                    wall(nowMs))));
        }
        boolean failed = turn.actions().stream().anyMatch(a -> ToolResult.FAILED.equals(a.status())
                || ToolResult.TIMEOUT.equals(a.status()));
        telemetry.turnDecided(decision, failed);
        ConversationState after = state.afterTurn(plan.keep(), plan.flow(), bookingIdOf(turn));
        if (plan.reply() != null) {
            after = after.record(new Handoff.Turn(ASSISTANT, plan.reply(), snapshot.receivedAt()));
        }
        boolean handedOff = turn.actions().stream().anyMatch(a -> ToolNames.HANDOFF_TO_HUMAN.equals(a.tool())
                && ToolResult.OK.equals(a.status()));
        if (handedOff) {
            OffsetDateTime until = snapshot.receivedAt().plusMinutes(workspace.handoff().silenceMinutes());
            out.add(new Emission.HandedOff(new Handoff(Handoff.VERSION, snapshot.conversationId(),
                    snapshot.workspaceId(), Handoff.HANDOFF, "customer asked for a person", after.recentTurns(),
                    wall(nowMs))));
            log.info("conversation handed off decision_id={} conversation={} silent_until={}", turn.decisionId(),
                    ConversationId.masked(snapshot.conversationId()), until);
            after = after.handedOffUntil(until);
        }
        return after;
    }

    /**
     * The turn in flight waited past its deadline: a lost extraction or plan sends it to legacy, a lost NLG answer
     * leaves the template's reply, and missing tool results are answered without.
     */
    private ConversationState expire(ConversationState state, Workspace workspace, long nowMs, long stepNanos,
            List<Emission> out) {
        PendingTurn turn = state.pending();
        if (turn.model() != null) {
            telemetry.modelAnswered(ModelStage.fromWire(turn.model().stage()), ModelReply.TIMEOUT,
                    Math.max(0, nowMs - turn.model().sentAtMs()));
            if (ModelStage.NLG.wire().equals(turn.model().stage())) {
                return conclude(state, turn.answered(), turn.draft(), workspace, nowMs, stepNanos, out);
            }
            return fallBack(state, turn, workspace, Decision.FALLBACK_TIMEOUT, "no model answer before the deadline",
                    nowMs, stepNanos, out);
        }
        List<Action> actions = turn.actions().stream()
                .map(a -> turn.awaiting().contains(a.callId())
                        ? a.withOutcome(ToolResult.TIMEOUT, "no result within " + settings.brokerTimeout()) : a)
                .toList();
        PendingTurn expired = new PendingTurn(turn.decisionId(), turn.snapshot(), turn.route(), turn.intent(),
                turn.confidence(), turn.slots(), turn.flow(), turn.keep(), turn.round(), actions, Set.of(),
                turn.results(), turn.timings(), turn.startedAtMs(), turn.roundStartedMs(), turn.deadlineMs(),
                turn.fallback(), null, null);
        log.warn("turn timed out waiting for tools decision_id={} conversation={}", turn.decisionId(),
                ConversationId.masked(turn.snapshot().conversationId()));
        Plan apology = new Plan(turn.intent(), turn.confidence(), turn.slots(), turn.flow(), turn.keep(), List.of(),
                replies.toolFailed());
        return conclude(state, expired, apology, workspace, nowMs, stepNanos, out);
    }

    private ConversationState drainQueue(ConversationState state, Workspace workspace, RouteFlags flags, long nowMs,
            long stepNanos, List<Emission> out) {
        ConversationState current = state;
        while (current.pending() == null && !current.queued().isEmpty()) {
            InboundSnapshot next = current.queued().getFirst();
            current = current.withQueued(current.queued().subList(1, current.queued().size()));
            current = startTurn(current, next, workspace, flags, nowMs, nowMs, stepNanos, out);
        }
        return current;
    }

    private Decision decision(PendingTurn turn, String reply, boolean isFinal, long nowMs) {
        InboundSnapshot snapshot = turn.snapshot();
        return new Decision(Decision.VERSION, turn.decisionId(), snapshot.snapshotId(), snapshot.conversationId(),
                snapshot.workspaceId(), snapshot.channel(), turn.route(), turn.intent(), turn.confidence(),
                turn.slots(),
                turn.actions(), reply, isFinal,
                Decision.ROUTE_SLM.equals(turn.route()) && turn.fallback() == null ? SLM_PIPELINE_VERSION
                        : settings.pipelineVersion(), turn.timings(), wall(nowMs), turn.fallback());
    }

    private static String bookingIdOf(PendingTurn turn) {
        for (Map<String, Object> result : turn.results().values()) {
            Object id = result.get("booking_id");
            if (id instanceof String s && ("booked".equals(result.get("status"))
                    || "rescheduled".equals(result.get("status")))) {
                return s;
            }
        }
        return null;
    }

    private static long millisSince(long nanoStart) {
        return (System.nanoTime() - nanoStart) / 1_000_000;
    }

    private static OffsetDateTime wall(long ms) {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(ms), ZoneOffset.UTC);
    }
}
