package dev.pulpo.orchestrator.slm;

import dev.pulpo.orchestrator.dialogue.ConversationState;
import dev.pulpo.orchestrator.dialogue.PendingTurn;
import dev.pulpo.orchestrator.dialogue.Plan;
import dev.pulpo.orchestrator.dialogue.PlannedCall;
import dev.pulpo.orchestrator.nlu.Intent;
import dev.pulpo.orchestrator.nlu.Understanding;
import dev.pulpo.schemas.event.Decision;
import dev.pulpo.schemas.event.ModelReply;
import dev.pulpo.schemas.event.Workspace;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

/**
 * The SLM route's model stages as the conversation engine uses them: the request each stage sends, and what its
 * answer means for the turn. Pure; the engine keeps the turn, the model worker makes the calls.
 */
public class SlmSteps {
    /** How long after a model call's own timeout its answer is given up as lost. */
    static final Duration LOST_ANSWER_GRACE = Duration.ofSeconds(2);

    private final SlmSettings settings;
    private final Extractor extractor = new Extractor();
    private final Planner planner = new Planner();
    private final Wording wording = new Wording();

    public SlmSteps(SlmSettings settings) {
        this.settings = settings;
    }

    /** What an extraction's answer means for the turn. */
    public sealed interface Extraction {
        record Understood(Understanding understanding) implements Extraction {
        }

        /** Below the confidence threshold: ask the larger model. */
        record Retry(ModelRequest request) implements Extraction {
        }

        record FallBack(String reason, String detail) implements Extraction {
        }
    }

    /** What a plan's answer means for the turn. */
    public sealed interface Planning {
        record Calls(List<PlannedCall> calls) implements Planning {
        }

        record FallBack(String reason, String detail) implements Planning {
        }
    }

    public ModelRequest extract(PendingTurn turn, ConversationState state, Workspace workspace, int attempt) {
        boolean larger = attempt > 1;
        return request(turn, ModelStage.EXTRACT, attempt, larger ? settings.fallbackModel() : settings.extractorModel(),
                extractor.system(), extractor.user(turn.snapshot().text(), workspace, state, now(turn, workspace)), true,
                larger ? settings.fallbackTimeout() : settings.extractorTimeout());
    }

    public ModelRequest plan(PendingTurn turn, Plan draft, ConversationState state, Workspace workspace) {
        return request(turn, ModelStage.PLAN, 1, settings.plannerModel(), planner.system(workspace),
                planner.user(turn.snapshot().text(), draft.intent(), draft.slots(), state.lastBookingId(),
                        now(turn, workspace)), true, settings.plannerTimeout());
    }

    public ModelRequest word(PendingTurn turn, Plan plan, Workspace workspace) {
        return request(turn, ModelStage.NLG, 1, settings.responseModel(), wording.system(workspace),
                wording.user(turn.snapshot().text(), plan.reply()), false, settings.responseTimeout());
    }

    /** The wall clock after which a call's answer is taken as lost. */
    public long deadline(ModelRequest request, long nowMs) {
        return nowMs + request.timeout().toMillis() + LOST_ANSWER_GRACE.toMillis();
    }

    public Extraction afterExtraction(ModelReply reply, PendingTurn turn, ConversationState state,
            Workspace workspace) {
        if (!reply.ok()) {
            return new Extraction.FallBack(failure(reply), reply.error());
        }
        Understanding understood;
        try {
            understood = extractor.read(reply.content(), workspace);
        } catch (InvalidModelOutput e) {
            return new Extraction.FallBack(Decision.FALLBACK_INVALID_OUTPUT, e.getMessage());
        }
        if (understood.confidence() >= settings.confidenceThreshold()) {
            return new Extraction.Understood(understood);
        }
        int attempt = turn.model() == null ? 1 : turn.model().attempt();
        if (settings.fallbackToLlm() && attempt == 1) {
            return new Extraction.Retry(extract(turn, state, workspace, 2));
        }
        return new Extraction.FallBack(Decision.FALLBACK_LOW_CONFIDENCE,
                "confidence " + understood.confidence() + " below " + settings.confidenceThreshold());
    }

    /** Whether a dialogue step goes to the planner: it needs tools, or the workspace's own tools might serve it. */
    public boolean plans(Plan step, Workspace workspace) {
        return step.callsTools() || (Intent.OUT_OF_SCOPE.wire().equals(step.intent()) && Planner.hasOwnTools(workspace));
    }

    /** @param step the dialogue's step the planner was asked for: without tools of its own, no call is an answer */
    public Planning afterPlanning(ModelReply reply, Plan step) {
        if (!reply.ok()) {
            return new Planning.FallBack(failure(reply), reply.error());
        }
        try {
            return new Planning.Calls(planner.read(reply.content(), !step.callsTools()));
        } catch (InvalidModelOutput e) {
            return new Planning.FallBack(Decision.FALLBACK_INVALID_OUTPUT, e.getMessage());
        }
    }

    /** The NLG's words, when the call worked and they keep every figure of the template's reply. */
    public Optional<String> words(ModelReply reply, String templateReply) {
        return reply.ok() ? wording.accept(reply.content(), templateReply) : Optional.empty();
    }

    private static String failure(ModelReply reply) {
        return ModelReply.TIMEOUT.equals(reply.outcome()) ? Decision.FALLBACK_TIMEOUT : Decision.FALLBACK_MODEL_ERROR;
    }

    private static ZonedDateTime now(PendingTurn turn, Workspace workspace) {
        return turn.snapshot().receivedAt().atZoneSameInstant(workspace.zone());
    }

    private static ModelRequest request(PendingTurn turn, ModelStage stage, int attempt, String model, String system,
            String user, boolean json, Duration timeout) {
        return new ModelRequest(ModelRequest.id(turn.decisionId(), stage, attempt), turn.decisionId(),
                turn.snapshot().conversationId(), turn.snapshot().workspaceId(), stage, attempt, model, system, user,
                json, timeout);
    }
}
