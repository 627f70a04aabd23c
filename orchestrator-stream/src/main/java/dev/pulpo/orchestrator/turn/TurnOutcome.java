package dev.pulpo.orchestrator.turn;

import dev.pulpo.orchestrator.dialogue.ConversationState;
import java.util.List;

/** The conversation's state after an input, and what to write because of it. */
public record TurnOutcome(ConversationState state, List<Emission> emissions) {
    public TurnOutcome {
        emissions = List.copyOf(emissions);
    }
}
