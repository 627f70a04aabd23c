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
 * @param fallback       why this {@code slm_pipeline} turn is answered by the legacy pipeline, or null
 * @param model          the model answer the turn waits for (SLM route), or null
 * @param draft          the step waiting for that answer: the dialogue's plan the planner fills with calls, or
 *                       the reply the NLG words; null otherwise
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
        long deadlineMs,
        String fallback,
        ModelWait model,
        Plan draft) {

    public PendingTurn {
        slots = slots == null ? Map.of() : Map.copyOf(slots);
        keep = keep == null ? Map.of() : Map.copyOf(keep);
        actions = actions == null ? List.of() : List.copyOf(actions);
        awaiting = awaiting == null ? Set.of() : Set.copyOf(awaiting);
        results = results == null ? Map.of() : Map.copyOf(results);
    }

    public PendingTurn withTimings(Timings newTimings) {
        return new PendingTurn(decisionId, snapshot, route, intent, confidence, slots, flow, keep, round, actions,
                awaiting, results, newTimings, startedAtMs, roundStartedMs, deadlineMs, fallback, model, draft);
    }

    /** The turn waiting for a model's answer to {@code step}, until {@code deadline}. */
    public PendingTurn waitingFor(ModelWait wait, Plan step, long deadline) {
        return new PendingTurn(decisionId, snapshot, route, step == null ? intent : step.intent(),
                step == null ? confidence : step.confidence(), step == null ? slots : step.slots(),
                step == null ? flow : step.flow(), step == null ? keep : step.keep(), round, actions, Set.of(), results, timings, startedAtMs, roundStartedMs,
                deadline, fallback, wait, step);
    }

    /** The turn no longer waiting for a model. */
    public PendingTurn answered() {
        return new PendingTurn(decisionId, snapshot, route, intent, confidence, slots, flow, keep, round, actions,
                awaiting, results, timings, startedAtMs, roundStartedMs, deadlineMs, fallback, null, null);
    }
}
