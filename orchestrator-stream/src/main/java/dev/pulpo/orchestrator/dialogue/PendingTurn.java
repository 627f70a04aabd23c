package dev.pulpo.orchestrator.dialogue;

import dev.pulpo.schemas.event.Action;
import dev.pulpo.schemas.event.InboundSnapshot;
import dev.pulpo.schemas.event.Timings;
import dev.pulpo.schemas.event.ToolResult;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A turn in flight, kept in the conversation's state between hops: waiting for its tool results or for a
 * model's answer. Each change of a turn has a named wither, so the steps say what happened to it.
 *
 * @param startedAtMs    wall clock when the snapshot was written, for the turn's total latency
 * @param roundStartedMs wall clock when this round's calls left, for {@code t_broker_ms}
 * @param deadlineMs     wall clock after which the turn answers without the missing results
 * @param actions        every call of the turn so far, with its status
 * @param results        the results of the calls answered so far, by call id; one larger than
 *                       {@link StateLimits#maxToolResultBytes} is kept as {@link #RESULT_TOO_LARGE}
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

    /** What a turn keeps of a tool result too large to keep, as for a call that failed. */
    public static final Map<String, Object> RESULT_TOO_LARGE = tooLarge();
    private static final Set<String> STATUSES = Set.of(ToolResult.OK, ToolResult.FAILED, ToolResult.DENIED,
            ToolResult.TIMEOUT);

    private static Map<String, Object> tooLarge() {
        Map<String, Object> marker = new LinkedHashMap<>();
        marker.put("status", ToolResult.FAILED);
        marker.put("error", "result too large");
        return Collections.unmodifiableMap(marker);
    }

    public PendingTurn {
        slots = slots == null ? Map.of() : Map.copyOf(slots);
        keep = keep == null ? Map.of() : Map.copyOf(keep);
        actions = actions == null ? List.of() : List.copyOf(actions);
        awaiting = awaiting == null ? Set.of() : Set.copyOf(awaiting);
        results = results == null ? Map.of() : Map.copyOf(results);
    }

    /** A new turn, no call made yet, reporting what {@code step} understood. */
    public static PendingTurn start(String decisionId, InboundSnapshot snapshot, String route, Plan step,
            Timings timings, long startedAtMs, long nowMs, long deadlineMs, String fallback) {
        return new PendingTurn(decisionId, snapshot, route, step.intent(), step.confidence(), step.slots(),
                step.flow(), step.keep(), 0, List.of(), Set.of(), Map.of(), timings, startedAtMs, nowMs, deadlineMs,
                fallback, null, null);
    }

    public PendingTurn withTimings(Timings newTimings) {
        return new PendingTurn(decisionId, snapshot, route, intent, confidence, slots, flow, keep, round, actions,
                awaiting, results, newTimings, startedAtMs, roundStartedMs, deadlineMs, fallback, model, draft);
    }

    /**
     * The next round of calls has left at {@code nowMs}: the turn reports {@code step}, and waits for the
     * {@code awaiting} call ids until {@code deadline}.
     */
    public PendingTurn withRound(Plan step, List<Action> allActions, Set<String> awaitingIds, Timings newTimings,
            long nowMs, long deadline) {
        return new PendingTurn(decisionId, snapshot, route, step.intent(), step.confidence(), step.slots(),
                step.flow(), step.keep(), round + 1, allActions, awaitingIds, results, newTimings, startedAtMs, nowMs,
                deadline, fallback, null, null);
    }

    /**
     * One of the awaited calls answered: its action takes the result's status, and once the round is complete
     * the broker's time (from the round's start to {@code nowMs}) is added to the timings. What is kept of it is
     * bounded: a result larger than {@link StateLimits#maxToolResultBytes} (as JSON) is kept as
     * {@link #RESULT_TOO_LARGE} and its call as failed, its error is cut to
     * {@value StateLimits#MAX_REASON_CHARS} characters, and a status the contract does not know counts as failed.
     */
    public PendingTurn withResult(ToolResult result, long nowMs, StateLimits limits) {
        String status = STATUSES.contains(result.status()) ? result.status() : ToolResult.FAILED;
        String error = STATUSES.contains(result.status()) ? result.error()
                : "unknown status " + StateLimits.clip(result.status(), 40);
        Map<String, Object> kept = result.result();
        int bytes = StateLimits.jsonBytes(kept);
        if (bytes > limits.maxToolResultBytes()) {
            kept = RESULT_TOO_LARGE;
            status = ToolResult.FAILED;
            error = "result too large (" + bytes + " bytes, at most " + limits.maxToolResultBytes() + ")";
        }
        String outcome = status;
        String reason = StateLimits.clip(error, StateLimits.MAX_REASON_CHARS);
        List<Action> updated = actions.stream()
                .map(a -> result.callId().equals(a.callId()) ? a.withOutcome(outcome, reason) : a)
                .toList();
        Set<String> stillAwaiting = new HashSet<>(awaiting);
        stillAwaiting.remove(result.callId());
        Map<String, Map<String, Object>> allResults = new HashMap<>(results);
        allResults.put(result.callId(), kept);
        Timings newTimings = stillAwaiting.isEmpty()
                ? timings.withBroker(timings.tBrokerMs() + Math.max(0, nowMs - roundStartedMs))
                : timings;
        return new PendingTurn(decisionId, snapshot, route, intent, confidence, slots, flow, keep, round, updated,
                stillAwaiting, allResults, newTimings, startedAtMs, roundStartedMs, deadlineMs, fallback, null, null);
    }

    /** The deadline passed: every call still awaited counts as timed out, with {@code why}. */
    public PendingTurn expired(String why) {
        List<Action> updated = actions.stream()
                .map(a -> awaiting.contains(a.callId()) ? a.withOutcome(ToolResult.TIMEOUT, why) : a)
                .toList();
        return new PendingTurn(decisionId, snapshot, route, intent, confidence, slots, flow, keep, round, updated,
                Set.of(), results, timings, startedAtMs, roundStartedMs, deadlineMs, fallback, null, null);
    }

    /** The turn ends with {@code step}'s reply, its total time now known. */
    public PendingTurn concluded(Plan step, Timings newTimings) {
        return new PendingTurn(decisionId, snapshot, route, step.intent(), step.confidence(), step.slots(),
                step.flow(), step.keep(), round, actions, Set.of(), results, newTimings, startedAtMs, roundStartedMs,
                deadlineMs, fallback, null, null);
    }

    /** The turn waiting for a model's answer to {@code step}, until {@code deadline}. */
    public PendingTurn waitingFor(ModelWait wait, Plan step, long deadline) {
        return new PendingTurn(decisionId, snapshot, route, step == null ? intent : step.intent(),
                step == null ? confidence : step.confidence(), step == null ? slots : step.slots(),
                step == null ? flow : step.flow(), step == null ? keep : step.keep(), round, actions, Set.of(),
                results, timings, startedAtMs, roundStartedMs, deadline, fallback, wait, step);
    }

    /** The turn no longer waiting for a model. */
    public PendingTurn answered() {
        return new PendingTurn(decisionId, snapshot, route, intent, confidence, slots, flow, keep, round, actions,
                awaiting, results, timings, startedAtMs, roundStartedMs, deadlineMs, fallback, null, null);
    }

    /** The plan this turn reports so far, with {@code reply} as its words. */
    public Plan asPlan(String reply) {
        return new Plan(intent, confidence, slots, flow, keep, List.of(), reply);
    }
}
