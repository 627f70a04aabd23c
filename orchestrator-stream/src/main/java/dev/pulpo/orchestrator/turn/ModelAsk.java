package dev.pulpo.orchestrator.turn;

import dev.pulpo.orchestrator.dialogue.ConversationState;
import dev.pulpo.orchestrator.dialogue.ModelWait;
import dev.pulpo.orchestrator.dialogue.PendingTurn;
import dev.pulpo.orchestrator.dialogue.Plan;
import dev.pulpo.orchestrator.slm.ModelRequest;
import dev.pulpo.orchestrator.slm.SlmSteps;

/**
 * Sends a model request off the stream thread and parks the turn until its answer or its deadline: the SLM
 * route's one way of waiting, for the extractor, the planner and the NLG alike.
 */
class ModelAsk {
    private final SlmSteps slm;

    ModelAsk(SlmSteps slm) {
        this.slm = slm;
    }

    /** @param step the dialogue's step the answer completes (a plan to fill, a reply to word), or null */
    ConversationState ask(ConversationState state, PendingTurn turn, ModelRequest request, Plan step, Step at) {
        at.emit(new Emission.ModelCall(request));
        return state.withPending(turn.waitingFor(
                new ModelWait(request.requestId(), request.stage().wire(), request.attempt(), at.nowMs()), step,
                slm.deadline(request, at.nowMs())));
    }
}
