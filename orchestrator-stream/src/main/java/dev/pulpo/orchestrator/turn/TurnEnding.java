package dev.pulpo.orchestrator.turn;

import dev.pulpo.orchestrator.config.OrchestratorSettings;
import dev.pulpo.orchestrator.dialogue.ConversationState;
import dev.pulpo.orchestrator.dialogue.LegacyDialogue;
import dev.pulpo.orchestrator.dialogue.PendingTurn;
import dev.pulpo.orchestrator.dialogue.Plan;
import dev.pulpo.orchestrator.dialogue.StateLimits;
import dev.pulpo.orchestrator.policy.ToolPolicy;
import dev.pulpo.orchestrator.policy.Verdict;
import dev.pulpo.orchestrator.slm.SlmSteps;
import dev.pulpo.orchestrator.telemetry.TurnTelemetry;
import dev.pulpo.schemas.event.Action;
import dev.pulpo.schemas.event.ConversationId;
import dev.pulpo.schemas.event.Decision;
import dev.pulpo.schemas.event.Handoff;
import dev.pulpo.schemas.event.InboundSnapshot;
import dev.pulpo.schemas.event.OutboundMessage;
import dev.pulpo.schemas.event.Timings;
import dev.pulpo.schemas.event.ToolCall;
import dev.pulpo.schemas.event.ToolNames;
import dev.pulpo.schemas.event.ToolResult;
import dev.pulpo.schemas.event.TurnIds;
import dev.pulpo.schemas.event.Workspace;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a turn goes on once the dialogue has a step, on both routes: the step's calls go through the policy and
 * out to the tools, or its reply is worded (SLM route) and the turn concludes with its final decision, the
 * reply to send, and a handoff when a person takes over.
 */
class TurnEnding {
    private static final Logger log = LoggerFactory.getLogger(TurnEnding.class);
    private static final String ASSISTANT = "assistant";
    private static final String SLM_PIPELINE_VERSION = "slm-1";

    private final LegacyDialogue dialogue;
    private final ToolPolicy policy;
    private final TurnTelemetry telemetry;
    private final OrchestratorSettings settings;
    private final SlmSteps slm;
    private final ModelAsk models;

    TurnEnding(LegacyDialogue dialogue, ToolPolicy policy, TurnTelemetry telemetry, OrchestratorSettings settings,
            SlmSteps slm, ModelAsk models) {
        this.dialogue = dialogue;
        this.policy = policy;
        this.telemetry = telemetry;
        this.settings = settings;
        this.slm = slm;
        this.models = models;
    }

    /** Every call of the round has answered: the dialogue reads the results, and the turn goes on. */
    ConversationState afterRound(ConversationState state, PendingTurn turn, Step at) {
        long started = System.nanoTime();
        Plan next = dialogue.afterResults(turn, at.workspace());
        PendingTurn reduced = turn.withTimings(turn.timings().withReduce(turn.timings().tReduceMs()
                + Step.millisSince(started)));
        return continueTurn(state, reduced, next, at);
    }

    /** Either send the plan's calls through the policy and wait for them, or end the turn with its reply. */
    ConversationState continueTurn(ConversationState state, PendingTurn turn, Plan plan, Step at) {
        if (!plan.callsTools()) {
            return finish(state, turn, plan, at);
        }
        long started = System.nanoTime();
        List<Verdict> verdicts = policy.check(plan.calls(), turn.actions().size(), at.workspace());
        int round = turn.round() + 1;
        List<Action> actions = new ArrayList<>(turn.actions());
        Set<String> awaiting = new HashSet<>();
        List<ToolCall> calls = new ArrayList<>();
        long deadlineMs = at.nowMs() + settings.brokerTimeout().toMillis();
        OffsetDateTime deadline = Step.wall(deadlineMs);
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
                        StateLimits.clip(verdict.reason(), StateLimits.MAX_REASON_CHARS)));
            }
        }
        Timings timings = turn.timings().withPolicy(turn.timings().tPolicyMs() + Step.millisSince(started));
        PendingTurn waiting = turn.withRound(plan, actions, awaiting, timings, at.nowMs(), deadlineMs);
        if (calls.isEmpty()) {
            // Every call was denied: the dialogue answers as for a failed call, and nothing leaves.
            return finish(state, waiting, dialogue.afterResults(waiting, at.workspace()), at);
        }
        at.emit(new Emission.DecisionMade(decision(waiting, null, false, at.nowMs())));
        calls.forEach(call -> at.emit(new Emission.CallRequested(call)));
        return state.withPending(waiting);
    }

    /** The turn's reply is known: on the SLM route the NLG words it first, else the turn ends with it. */
    ConversationState finish(ConversationState state, PendingTurn turn, Plan plan, Step at) {
        if (Decision.ROUTE_SLM.equals(turn.route()) && turn.fallback() == null && plan.reply() != null
                && !plan.reply().isBlank()) {
            return models.ask(state, turn, slm.word(turn, plan, at.workspace()), plan, at);
        }
        return conclude(state, turn, plan, at);
    }

    /**
     * The turn ends: its final decision, the reply to send (cut to {@link StateLimits#maxReplyChars}), the
     * conversation's bookkeeping, and any handoff.
     */
    ConversationState conclude(ConversationState state, PendingTurn turn, Plan given, Step at) {
        Plan plan = bounded(given, turn);
        PendingTurn done = turn.concluded(plan,
                turn.timings().withTotal(Math.max(0, at.nowMs() - turn.startedAtMs()) + at.elapsedMs()));
        Decision decision = decision(done, plan.reply(), true, at.nowMs());
        at.emit(new Emission.DecisionMade(decision));
        InboundSnapshot snapshot = turn.snapshot();
        Workspace workspace = at.workspace();
        sendReply(turn, plan.reply(), at);
        boolean failed = turn.actions().stream().anyMatch(a -> ToolResult.FAILED.equals(a.status())
                || ToolResult.TIMEOUT.equals(a.status()));
        telemetry.turnDecided(decision, failed);
        ConversationState after = state.afterTurn(plan.keep(), plan.flow(), bookingIdOf(turn));
        if (plan.reply() != null) {
            after = after.record(new Handoff.Turn(ASSISTANT, plan.reply(), snapshot.receivedAt()),
                    settings.limits());
        }
        boolean handedOff = turn.actions().stream().anyMatch(a -> ToolNames.HANDOFF_TO_HUMAN.equals(a.tool())
                && ToolResult.OK.equals(a.status()));
        if (handedOff) {
            OffsetDateTime until = snapshot.receivedAt().plusMinutes(workspace.handoff().silenceMinutes());
            at.emit(new Emission.HandedOff(new Handoff(Handoff.VERSION, snapshot.conversationId(),
                    snapshot.workspaceId(), Handoff.HANDOFF, "customer asked for a person", after.recentTurns(),
                    at.wallNow())));
            log.info("conversation handed off decision_id={} conversation={} silent_until={}", turn.decisionId(),
                    ConversationId.masked(snapshot.conversationId()), until);
            after = after.handedOffUntil(until);
        }
        return after;
    }

    /** The plan with its reply cut to {@link StateLimits#maxReplyChars} (an HTTP tool's own words may be long). */
    private Plan bounded(Plan plan, PendingTurn turn) {
        String reply = settings.limits().reply(plan.reply());
        if (reply == null || reply.equals(plan.reply())) {
            return plan;
        }
        log.warn("reply cut decision_id={} conversation={} chars={} max_chars={}", turn.decisionId(),
                ConversationId.masked(turn.snapshot().conversationId()),
                plan.reply().codePointCount(0, plan.reply().length()), settings.limits().maxReplyChars());
        return new Plan(plan.intent(), plan.confidence(), plan.slots(), plan.flow(), plan.keep(), plan.calls(), reply);
    }

    /**
     * A message answered with a fixed reply and nothing else: its final decision and the reply to send. No
     * telemetry of a turn and no bookkeeping: the conversation is as it was.
     */
    void answerOnly(PendingTurn turn, String reply, Step at) {
        at.emit(new Emission.DecisionMade(decision(turn, reply, true, at.nowMs())));
        sendReply(turn, reply, at);
    }

    /** The reply goes out through Twilio when the message came that way; other channels read it on decisions. */
    private static void sendReply(PendingTurn turn, String reply, Step at) {
        InboundSnapshot snapshot = turn.snapshot();
        if (snapshot.repliesThroughTwilio() && reply != null && !reply.isBlank()) {
            String from = snapshot.businessPhone() != null ? snapshot.businessPhone()
                    : at.workspace().phoneNumbers().stream().findFirst().orElse(null);
            at.emit(new Emission.ReplyToSend(new OutboundMessage(OutboundMessage.VERSION,
                    TurnIds.outboundId(turn.decisionId()), snapshot.snapshotId(), turn.decisionId(),
                    snapshot.conversationId(), snapshot.workspaceId(), snapshot.userPhone(), from, reply,
                    at.wallNow())));
        }
    }

    /** The decision the turn reports: non-final while its calls are out, final with its reply. */
    Decision decision(PendingTurn turn, String reply, boolean isFinal, long nowMs) {
        InboundSnapshot snapshot = turn.snapshot();
        return new Decision(Decision.VERSION, turn.decisionId(), snapshot.snapshotId(), snapshot.conversationId(),
                snapshot.workspaceId(), snapshot.channel(), turn.route(), turn.intent(), turn.confidence(),
                turn.slots(), turn.actions(), reply, isFinal,
                Decision.ROUTE_SLM.equals(turn.route()) && turn.fallback() == null ? SLM_PIPELINE_VERSION
                        : settings.pipelineVersion(), turn.timings(), Step.wall(nowMs), turn.fallback());
    }

    /** The booking the turn made or moved, which the conversation remembers for "cancel it" next time. */
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
}
