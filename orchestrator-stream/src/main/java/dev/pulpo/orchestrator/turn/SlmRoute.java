package dev.pulpo.orchestrator.turn;

import dev.pulpo.orchestrator.dialogue.ConversationState;
import dev.pulpo.orchestrator.dialogue.LegacyDialogue;
import dev.pulpo.orchestrator.dialogue.PendingTurn;
import dev.pulpo.orchestrator.dialogue.Plan;
import dev.pulpo.orchestrator.dialogue.StateLimits;
import dev.pulpo.orchestrator.nlu.SpanishUnderstanding;
import dev.pulpo.orchestrator.slm.ModelStage;
import dev.pulpo.orchestrator.slm.SlmSteps;
import dev.pulpo.orchestrator.telemetry.TurnTelemetry;
import dev.pulpo.schemas.event.ConversationId;
import dev.pulpo.schemas.event.Decision;
import dev.pulpo.schemas.event.InboundSnapshot;
import dev.pulpo.schemas.event.ModelReply;
import dev.pulpo.schemas.event.Timings;
import dev.pulpo.schemas.event.TurnIds;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SLM route's steps. The turn waits, between hops, for its models: the extractor's understanding (retried
 * on the larger model below the confidence threshold), the planner's calls (when the dialogue's step needs
 * tools), and the NLG's words for the reply. A model that fails, times out or answers out of contract sends the
 * turn to legacy, recorded as the decision's {@code fallback}.
 */
class SlmRoute {
    private static final Logger log = LoggerFactory.getLogger(SlmRoute.class);
    private static final Plan NOT_YET_UNDERSTOOD = null;

    private final SlmSteps slm;
    private final SpanishUnderstanding rules;
    private final LegacyDialogue dialogue;
    private final TurnTelemetry telemetry;
    private final ModelAsk models;
    private final TurnEnding ending;
    private final LegacyRoute legacy;
    private final StateLimits limits;

    SlmRoute(SlmSteps slm, SpanishUnderstanding rules, LegacyDialogue dialogue, TurnTelemetry telemetry,
            ModelAsk models, TurnEnding ending, LegacyRoute legacy, StateLimits limits) {
        this.slm = slm;
        this.rules = rules;
        this.dialogue = dialogue;
        this.telemetry = telemetry;
        this.models = models;
        this.ending = ending;
        this.legacy = legacy;
        this.limits = limits;
    }

    /** The first stage: the extractor model reads the message, off the stream thread. */
    ConversationState askExtractor(ConversationState current, InboundSnapshot snapshot, long writtenAtMs, Step at) {
        Plan nothingYet = new Plan("out_of_scope", 0.0, current.slots(), current.flow(), current.slots(), List.of(),
                null);
        PendingTurn turn = PendingTurn.start(TurnIds.decisionId(snapshot.snapshotId()), snapshot, Decision.ROUTE_SLM,
                nothingYet, Timings.ZERO, Math.min(writtenAtMs, at.nowMs()), at.nowMs(), at.nowMs(), null);
        return models.ask(current, turn, slm.extract(turn, current, at.workspace(), 1), NOT_YET_UNDERSTOOD, at);
    }

    /**
     * The answer the turn waited for: the time waited counts for its stage, and the turn goes on. An answer longer
     * than {@link StateLimits#maxModelAnswerChars} is not read: nothing of it reaches the state.
     */
    ConversationState onReply(ConversationState state, PendingTurn turn, ModelReply reply, Step at) {
        long waitedMs = Math.max(0, at.nowMs() - turn.model().sentAtMs());
        Timings t = turn.timings();
        ModelStage stage = ModelStage.fromWire(turn.model().stage());
        if (reply.content() != null && reply.content().length() > limits.maxModelAnswerChars()) {
            return tooLong(state, turn, reply, stage, waitedMs, at);
        }
        return switch (stage) {
            case EXTRACT -> afterExtraction(state, turn.withTimings(t.withExtract(t.tExtractMs() + waitedMs)), reply,
                    at);
            case PLAN -> afterPlanning(state, turn.withTimings(t.withPlan(t.tPlanMs() + waitedMs)), reply, at);
            case NLG -> afterWording(state, turn.withTimings(t.withNlg(t.tNlgMs() + waitedMs)), reply, at);
        };
    }

    /** No answer before the deadline: a lost NLG answer leaves the template's reply, any other goes to legacy. */
    ConversationState expire(ConversationState state, PendingTurn turn, Step at) {
        telemetry.modelAnswered(ModelStage.fromWire(turn.model().stage()), ModelReply.TIMEOUT,
                Math.max(0, at.nowMs() - turn.model().sentAtMs()));
        if (ModelStage.NLG.wire().equals(turn.model().stage())) {
            return ending.conclude(state, turn.answered(), turn.draft(), at);
        }
        return fallBack(state, turn, Decision.FALLBACK_TIMEOUT, "no model answer before the deadline", at);
    }

    private ConversationState afterExtraction(ConversationState state, PendingTurn turn, ModelReply reply, Step at) {
        SlmSteps.Extraction extraction = slm.afterExtraction(reply, turn, state, at.workspace());
        telemetry.modelAnswered(ModelStage.EXTRACT, outcome(reply,
                !(extraction instanceof SlmSteps.Extraction.FallBack f)
                        || !Decision.FALLBACK_INVALID_OUTPUT.equals(f.reason())), reply.durationMs());
        return switch (extraction) {
            case SlmSteps.Extraction.FallBack f -> fallBack(state, turn, f.reason(), f.detail(), at);
            case SlmSteps.Extraction.Retry r -> models.ask(state, turn, r.request(), NOT_YET_UNDERSTOOD, at);
            case SlmSteps.Extraction.Understood u -> {
                // The rules read the same message in shadow: how often they agree is the canary's sanity check.
                InboundSnapshot snapshot = turn.snapshot();
                telemetry.shadowCompared(u.understanding().intent() == rules.understand(snapshot.text(),
                        at.workspace(), snapshot.receivedAt().atZoneSameInstant(at.workspace().zone())).intent());
                Plan plan = dialogue.onMessage(u.understanding(), state, at.workspace());
                PendingTurn understood = turn.answered();
                yield slm.plans(plan, at.workspace())
                        ? models.ask(state, understood, slm.plan(understood, plan, state, at.workspace()), plan, at)
                        : ending.continueTurn(state, understood, plan, at);
            }
        };
    }

    private ConversationState afterPlanning(ConversationState state, PendingTurn turn, ModelReply reply, Step at) {
        SlmSteps.Planning planning = slm.afterPlanning(reply, turn.draft());
        telemetry.modelAnswered(ModelStage.PLAN, outcome(reply, !(planning instanceof SlmSteps.Planning.FallBack f)
                || !Decision.FALLBACK_INVALID_OUTPUT.equals(f.reason())), reply.durationMs());
        return switch (planning) {
            case SlmSteps.Planning.FallBack f -> fallBack(state, turn, f.reason(), f.detail(), at);
            case SlmSteps.Planning.Calls c -> {
                // No call: the dialogue's own answer (a message none of the workspace's tools serves).
                Plan draft = turn.draft();
                Plan planned = c.calls().isEmpty() ? draft : new Plan(draft.intent(), draft.confidence(),
                        draft.slots(), draft.flow(), draft.keep(), c.calls(), null);
                yield ending.continueTurn(state, turn.answered(), planned, at);
            }
        };
    }

    private ConversationState afterWording(ConversationState state, PendingTurn turn, ModelReply reply, Step at) {
        Plan draft = turn.draft();
        // Words that drop a fact are not used: the template's reply goes out instead.
        Optional<String> words = slm.words(reply, draft.reply());
        telemetry.modelAnswered(ModelStage.NLG, outcome(reply, words.isPresent()), reply.durationMs());
        Plan worded = new Plan(draft.intent(), draft.confidence(), draft.slots(), draft.flow(), draft.keep(),
                List.of(), words.orElse(draft.reply()));
        return ending.conclude(state, turn.answered(), worded, at);
    }

    /**
     * An answer too long to be one of the contract's (or to keep): an NLG answer leaves the template's reply, any
     * other is invalid output and the turn goes to legacy.
     */
    private ConversationState tooLong(ConversationState state, PendingTurn turn, ModelReply reply, ModelStage stage,
            long waitedMs, Step at) {
        telemetry.modelAnswered(stage, "invalid", reply.durationMs());
        String detail = "answer of " + reply.content().length() + " characters, at most "
                + limits.maxModelAnswerChars();
        Timings t = turn.timings();
        if (stage == ModelStage.NLG) {
            log.warn("slm words not used decision_id={} conversation={} detail=\"{}\"", turn.decisionId(),
                    ConversationId.masked(turn.snapshot().conversationId()), detail);
            return ending.conclude(state, turn.withTimings(t.withNlg(t.tNlgMs() + waitedMs)).answered(), turn.draft(),
                    at);
        }
        PendingTurn waited = stage == ModelStage.EXTRACT ? turn.withTimings(t.withExtract(t.tExtractMs() + waitedMs))
                : turn.withTimings(t.withPlan(t.tPlanMs() + waitedMs));
        return fallBack(state, waited, Decision.FALLBACK_INVALID_OUTPUT, detail, at);
    }

    /** A model failed this turn: the legacy pipeline answers it, from the start. */
    private ConversationState fallBack(ConversationState state, PendingTurn turn, String reason, String detail,
            Step at) {
        telemetry.fellBack(reason);
        log.warn("slm fallback to legacy reason={} decision_id={} conversation={} detail=\"{}\"", reason,
                turn.decisionId(), ConversationId.masked(turn.snapshot().conversationId()), detail);
        return legacy.answer(state.withPending(null), turn.snapshot(), turn.route(), reason, turn.timings(),
                turn.startedAtMs(), at);
    }

    private static String outcome(ModelReply reply, boolean usable) {
        return !reply.ok() ? reply.outcome() : usable ? ModelReply.OK : "invalid";
    }
}
