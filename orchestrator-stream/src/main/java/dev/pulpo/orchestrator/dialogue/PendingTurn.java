package dev.pulpo.orchestrator.dialogue;

import dev.pulpo.schemas.event.Action;
import dev.pulpo.schemas.event.InboundSnapshot;
import dev.pulpo.schemas.event.Timings;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A turn waiting for its tool results, kept in the conversation's state between hops.
 *
 * @param startedAtMs    wall clock when the snapshot was written, for the turn's total latency
 * @param roundStartedMs wall clock when this round's calls left, for {@code t_broker_ms}
 * @param deadlineMs     wall clock after which the turn answers without the missing results
 * @param actions        every call of the turn so far, with its status
 * @param results        the results of the calls answered so far, by call id
 */
public record PendingTurn(
        String decisionId,
        InboundSnapshot snapshot,
        String route,
        String intent,
        double confidence,
        Map<String, String> slots,
        String flow,
        Map<String, String> keep,
        int round,
        List<Action> actions,
        Set<String> awaiting,
        Map<String, Map<String, Object>> results,
        Timings timings,
        long startedAtMs,
        long roundStartedMs,
        long deadlineMs) {

    public PendingTurn {
        slots = slots == null ? Map.of() : Map.copyOf(slots);
        keep = keep == null ? Map.of() : Map.copyOf(keep);
        actions = actions == null ? List.of() : List.copyOf(actions);
        awaiting = awaiting == null ? Set.of() : Set.copyOf(awaiting);
        results = results == null ? Map.of() : Map.copyOf(results);
    }
}
