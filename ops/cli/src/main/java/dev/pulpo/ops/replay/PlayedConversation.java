package dev.pulpo.ops.replay;

import java.util.List;

/** A golden conversation and what the system did with each of its turns, one played turn per golden turn. */
public record PlayedConversation(GoldenConversation golden, List<PlayedTurn> turns) {
    public PlayedConversation {
        turns = List.copyOf(turns);
        if (turns.size() != golden.turns().size()) {
            throw new IllegalArgumentException(golden.id() + ": " + turns.size() + " played turns for "
                    + golden.turns().size() + " golden turns");
        }
    }
}
